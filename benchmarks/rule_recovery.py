"""seqgra's spacing question, answered: which presets learn it, at which size, found by what.

Runs ``examples/plot_seqgra_spacing.py`` (same arguments; defaults: 300 nt, training sizes 500,
2,000 and 8,000, two seeds, presets pysster / global_max / deepbind / fully_connected when
registered, saliency, integrated gradients and ISM) and writes its tables into the
``rule-recovery`` section of ``docs/benchmarks.md``, with the wall time and machine load.

    python benchmarks/rule_recovery.py            # about 15-20 minutes on 2 cores
    python benchmarks/rule_recovery.py --quick    # a minute, to check it runs
"""

import importlib.util
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

try:
    from _report import write_section
except ImportError:  # run as a module
    from benchmarks._report import write_section


def load_example():
    spec = importlib.util.spec_from_file_location(
        "seqgra_spacing", ROOT / "examples" / "plot_seqgra_spacing.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def markdown(summary):
    """``architecture x train_size -> mean ± std`` as a Markdown table."""
    table = summary.reset_index().pivot(index="architecture", columns="train_size")
    sizes = sorted(summary.index.get_level_values("train_size").unique())
    lines = ["| architecture | " + " | ".join(f"{s:,}" for s in sizes) + " |"]
    lines.append("|---" * (len(sizes) + 1) + "|")
    for arch in table.index:
        cells = []
        for s in sizes:
            mean, std = table.loc[arch, ("mean", s)], table.loc[arch, ("std", s)]
            cells.append(f"{mean:.3f}" + (f" ± {std:.3f}" if std == std else ""))
        lines.append(f"| {arch} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    argv = [a for a in sys.argv[1:] if a != "--no-write"]
    example = load_example()
    start = time.perf_counter()
    result, args = example.main(argv)
    seconds = time.perf_counter() - start
    load = os.getloadavg()[0]
    if "--no-write" in sys.argv or "--quick" in sys.argv:
        return
    frame = result.frame
    methods = [m for m in dict.fromkeys(frame.attribution) if m]
    parts = [
        "## Rule recovery on seqgra's spacing grammar",
        "",
        f"`python benchmarks/rule_recovery.py {' '.join(argv)}`: {seconds / 60:.1f} min, load "
        f"average {load:.2f} on {os.cpu_count()} cores. Both classes carry the same two HOMER "
        "motifs; only their distance differs (seqgra's `mc2-dna1000-homer-interaction-spacing`,"
        f" scaled to {args.length} nt). Test ROC-AUC, mean ± std over seeds:",
        "",
        markdown(result.summary("roc_auc")),
    ]
    for method in methods:
        parts += [
            "",
            f"Rule recovery (smooth F1) with {method}:",
            "",
            markdown(result.summary("f1", attribution=method)),
        ]
    # the plots travel with the docs: copied next to benchmarks.md
    static = ROOT / "docs" / "_static" / "rule_recovery"
    static.mkdir(parents=True, exist_ok=True)
    for name in ("learning_curves.png", "grammar_positions.png"):
        shutil.copy(Path(args.out) / name, static / name)
    reached = example.first_size_reaching(result.summary("roc_auc"), 0.9)
    parts += [
        "",
        "Smallest training size reaching ROC-AUC 0.9: "
        + ", ".join(f"{arch} {size if size else 'none'}" for arch, size in reached.items())
        + ".",
        "",
        "![Learning curves of prediction and rule recovery](_static/rule_recovery/"
        "learning_curves.png)",
        "",
        "![Where the grammar planted its elements, per class](_static/rule_recovery/"
        "grammar_positions.png)",
    ]
    write_section("rule-recovery", "\n".join(parts))


if __name__ == "__main__":
    main()
