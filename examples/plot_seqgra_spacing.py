"""
seqgra's spacing study: which architectures learn that motif spacing sets the class?
====================================================================================

Which architectures learn that the spacing of two motifs is what tells the classes apart?

seqgra's spacing grammar (Krismer et al. 2022, ``mc2-dna1000-homer-interaction-spacing``):
both classes carry the same two HOMER motifs, FOXA1:AR then Bcl11a; in class c1 they are 0-100
nt apart, in class c2 500 nt or more. A model can only separate the classes by measuring the
distance. This script reads seqgra's XML as it is, scales it to ``--length`` nt (distances
scaled alike) so that it runs on 2 CPU cores, simulates it, and compares presets over
training-set sizes and seeds: ROC-AUC on the test set, and how well saliency, integrated
gradients and in-silico mutagenesis find the planted motifs (seqgra's rule-recovery F1). The
grammar's own Bayes-optimal classifier is the ceiling.

Run ``python examples/plot_seqgra_spacing.py`` (about 15 minutes on 2 cores) or with ``--quick``
(a minute; the documentation build runs this reduced version); tables are printed,
plots and the tidy table land in ``seqgra-spacing/``.
"""

import argparse
import copy
from pathlib import Path

import numpy as np
from sklearn.pipeline import make_pipeline

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq._presets import ARCHITECTURES
from skseq.datasets import load_grammar, make_grammar_sequences
from skseq.model_selection import compare_architectures
from skseq.plotting import GrammarPositionDisplay

# sphinx-gallery runs the script from examples/ without __file__
HERE = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
GRAMMAR = HERE.parent / "tests/data/grammars/mc2-dna1000-homer-interaction-spacing-200k-s1.xml"


def scaled_spacing_grammar(length):
    """seqgra's spacing grammar with sequences of ``length`` nt and distances scaled alike."""
    g = copy.deepcopy(load_grammar(GRAMMAR))
    factor = length / g.background.max_length
    g.background.min_length = g.background.max_length = length
    for condition in g.conditions:
        for spacing in condition.rules[0].spacing:
            spacing.min_distance = round(spacing.min_distance * factor)
            spacing.max_distance = round(spacing.max_distance * factor)
    g.id = f"{g.id}-{length}nt"
    return g.check()


def pipelines(presets, epochs, seed=0):
    common = dict(
        epochs=epochs,
        patience=3,
        lr_patience=None,
        batch_size=64,
        learning_rate=2e-3,
        random_state=seed,
    )
    return {
        name: make_pipeline(
            SequenceOneHotTransformer(), SequenceCNNClassifier(architecture=name, **common)
        )
        for name in presets
    }


def first_size_reaching(summary, level):
    """Per architecture, the smallest training size whose mean reaches ``level``."""
    out = {}
    for arch, sub in summary.groupby(level="architecture"):
        sizes = sub.index.get_level_values("train_size")[sub["mean"].to_numpy() >= level]
        out[arch] = int(sizes.min()) if len(sizes) else None
    return out


def run(args):
    grammar = scaled_spacing_grammar(args.length)
    n_train = max(args.sizes)
    # enough training examples for the largest size, plus a test set of --n-test
    data = make_grammar_sequences(grammar, n_samples=int(n_train / 0.7) + 1, random_state=0)
    test = make_grammar_sequences(grammar, n_samples=args.n_test, sets="test", random_state=1)
    keep = data.set == "training"
    for key in ("sequences", "target", "annotation", "set", "conditions", "lengths"):
        data[key] = np.concatenate([data[key][keep], test[key]])
    result = compare_architectures(
        pipelines(args.presets, args.epochs),
        data,
        args.sizes,
        n_seeds=args.seeds,
        attribution_methods=args.methods,
        n_per_class=args.n_per_class,
        attribution_params={"batch_size": 256},
        n_jobs=args.n_jobs,
    )
    return result, data


def main(argv=None):
    presets = [
        p for p in ("pysster", "global_max", "deepbind", "fully_connected") if p in ARCHITECTURES
    ]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--length", type=int, default=300)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 8000])
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--presets", nargs="+", default=presets)
    parser.add_argument("--methods", nargs="+", default=["saliency", "integrated_gradients", "ism"])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--n-per-class", type=int, default=30)
    parser.add_argument("--n-test", type=int, default=1000)
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--out", default="seqgra-spacing")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check it runs")
    args = parser.parse_args(argv)
    # sphinx_gallery_start_ignore
    import os

    args.quick = args.quick or os.environ.get("SKSEQ_DOCS") == "1"  # the documentation build
    # sphinx_gallery_end_ignore
    if args.quick:
        args.length, args.sizes, args.seeds, args.epochs = 200, [200, 400], 1, 3
        args.n_per_class, args.n_test = 5, 200
    result, data = run(args)

    out = Path(args.out)
    out.mkdir(exist_ok=True)
    result.frame.to_csv(out / "comparison.csv", index=False)
    auc = result.summary("roc_auc")
    print("Test ROC-AUC (mean over classes, then seeds):")
    print(auc.round(3).to_string())
    for method in args.methods:
        print(f"\nRule recovery, smooth F1, {method}:")
        print(result.summary("f1", attribution=method).round(3).to_string())
    print("\nSmallest training size with ROC-AUC >= 0.9:", first_size_reaching(auc, 0.9))
    display = result.plot()
    display.figure_.savefig(out / "learning_curves.png", dpi=120, bbox_inches="tight")
    heat = GrammarPositionDisplay.from_data(data, set_name="test")
    heat.figure_.savefig(out / "grammar_positions.png", dpi=120, bbox_inches="tight")
    print(f"\nPlots and the tidy table are in {out}/")
    return result, args


if __name__ == "__main__":
    main()
