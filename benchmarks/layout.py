"""Counts of the package's layout (issues 9 and 28).

Run from the repository root: ``python benchmarks/layout.py``. It prints:

- modules over 400 lines, private sklearn/Keras/scikeras imports, and the import time (the best
  of five runs of ``python -c "import skseq; from skseq import SequenceOneHotTransformer"`` in
  fresh processes, with the heavy modules it loaded);
- import circles between files: strongly connected groups of two or more files in the graph of
  ``import`` statements read with :mod:`ast` (imports inside functions count; importing a
  package counts as importing its ``__init__``). Imports in docstring examples are a user's
  code, not the package's, and are not read;
- imports that run upward: from a package to one of a higher layer (:data:`LAYERS`);
- files a new attribution method or a new preset touches: its own module, plus every file that
  lists the registered names (names three or more of them as quoted strings, docstrings
  included), since each such list must grow by one;
- functions that implement a reverse complement (``def`` names containing
  ``reverse_complement``).
"""

import ast
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRIVATE = re.compile(
    r"from sklearn[\w.]*\._\w+|from sklearn[\w.]* import [^#\n]*\b_[a-z]\w*"
    r"|keras\.src|_get_param_names\.__func__|_BaseComposition|scikeras\.\w+\._"
)
# the one module allowed to wrap sklearn's private parameter validation
ALLOWED = {"skseq/utils/_param_validation.py"}


#: Packages from the lowest layer to the highest; an import may run sideways or down only.
LAYERS = (
    ("_backend", "_alphabets", "_complement", "_presets", "utils"),
    ("io", "parallel"),
    ("datasets", "preprocessing"),
    ("models",),
    ("attribution", "scanning", "_scan_windows", "variants"),
    ("inspection", "design", "metrics", "plotting", "model_selection", "tuning"),
    ("cli", "demo", "__main__", "_show_versions", "skseq"),
)


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _without_main_block(tree):
    """The module without its ``if __name__ == "__main__":`` block: an entry point's imports
    (``python -m skseq.demo`` starting the command line) are not a dependency of the module."""
    tree.body = [
        node
        for node in tree.body
        if not (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name)
            and node.test.left.id == "__name__"
        )
    ]
    return tree


def import_graph(files):
    """``{module: set of skseq modules it imports}``, one node per file."""
    modules = {module_name(f): f for f in files}
    graph = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        targets = set()
        for node in ast.walk(_without_main_block(ast.parse(path.read_text()))):
            if isinstance(node, ast.Import):
                found = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = name.split(".")[: None if is_package else -1]
                    parts = parts[: len(parts) - node.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                found = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                    for a in node.names
                ]
            else:
                continue
            for target in found:
                while target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in modules and target != name and target.startswith("skseq"):
                    targets.add(target)
        graph[name] = targets
    return graph


def circles(graph):
    """Strongly connected groups of two or more modules (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while not group or group[-1] != v:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                found.append(sorted(group))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def layer(module):
    package = module.split(".")[1] if "." in module else module
    for i, names in enumerate(LAYERS):
        if package in names:
            return i
    raise SystemExit(f"benchmarks/layout.py: put package {package!r} in a layer of LAYERS")


def upward_imports(graph):
    return sorted((a, b) for a, tos in graph.items() for b in tos if layer(a) < layer(b))


def files_listing(files, names):
    """Files that name three or more of ``names`` as quoted strings."""
    listing = []
    for f in files:
        text = f.read_text()
        named = {n for n in names if re.search(rf"[\"'`]{re.escape(n)}[\"'`]", text)}
        if len(named) >= 3:
            listing.append(f.relative_to(ROOT).as_posix())
    return listing


def registered_names():
    """The attribution methods and presets, as the package registers them."""
    sys.path.insert(0, str(ROOT))
    import skseq._presets as presets
    import skseq.attribution as attribution

    return list(attribution.METHODS), list(presets.ARCHITECTURES)


def print_architecture_counts(files):
    graph = import_graph(files)
    found = circles(graph)
    print(f"import circles between files: {len(found)}")
    for group in found:
        print(f"  {' <-> '.join(group)}")
    upward = upward_imports(graph)
    print(f"imports that run upward: {len(upward)}")
    for a, b in upward:
        print(f"  {a} -> {b}")
    methods, presets = registered_names()
    for what, names in (("attribution method", methods), ("preset", presets)):
        listing = files_listing(files, names)
        print(f"files a new {what} touches: {len(listing) + 1} (its module, and {listing})")
    defs = [
        f"{f.relative_to(ROOT).as_posix()}:{node.name}"
        for f in files
        for node in ast.walk(ast.parse(f.read_text()))
        if isinstance(node, ast.FunctionDef) and "reverse_complement" in node.name
    ]
    print(f"reverse_complement implementations: {len(defs)} {defs}")


def main():
    files = sorted((ROOT / "skseq").rglob("*.py"))
    long = [(f, n) for f in files if (n := len(f.read_text().splitlines())) > 400]
    private = []
    for f in files:
        rel = f.relative_to(ROOT).as_posix()
        for i, line in enumerate(f.read_text().splitlines(), 1):
            code = line.lstrip()
            is_code = code.startswith(("from ", "import ", "class ", "_get_param_names"))
            if is_code and PRIVATE.search(line):
                private.append((rel, i, line.strip(), rel in ALLOWED))
    code = "import skseq; from skseq import SequenceOneHotTransformer"
    heavy = "import sys; print([m for m in ('keras','tensorflow','RNA') if m in sys.modules])"
    times = []
    for _ in range(5):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", f"{code}; {heavy}"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout.strip()
        times.append(time.perf_counter() - start)
    print(f"modules over 400 lines: {len(long)}")
    for f, n in long:
        print(f"  {f.relative_to(ROOT)} ({n})")
    outside = [p for p in private if not p[3]]
    print(
        f"private sklearn/Keras/scikeras imports outside the wrapper: {len(outside)}"
        f" (in the wrapper: {len(private) - len(outside)})"
    )
    for rel, i, line, _ in outside:
        print(f"  {rel}:{i}: {line}")
    print(f"'{code}': {min(times):.2f} s (best of 5), heavy modules loaded: {out}")
    print_architecture_counts(files)


if __name__ == "__main__":
    main()
