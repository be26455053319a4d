"""Three counts of issue 9: modules over 400 lines, private imports, light import time.

Run from the repository root: ``python benchmarks/layout.py``. The import time is the best of
five runs of ``python -c "import skseq; from skseq import SequenceOneHotTransformer"`` in fresh
processes, with the heavy modules it loaded.
"""

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


if __name__ == "__main__":
    main()
