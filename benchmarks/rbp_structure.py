"""pysster's CLIP-seq benchmark with RNA structure: sequence only vs sequence + structure.

For each RBP set, three models with the same ``SequenceCNNClassifier(kernel_size=8)``:

- ``sequence``: one-hot RNA only;
- ``seq+contexts``: one-hot RNA joined with MFE structural contexts by ``ChannelUnion``;
- ``combined``: pysster's combined alphabet (one channel per nucleotide x context), as in
  pysster's own benchmark.

Trained on the train files, ROC-AUC on the test files, printed beside pysster's published
numbers. Folding all six sets (about 100k sequences) takes long on a small machine, so it is
cached on disk (``--cache-dir``); ``--fold-only`` fills the cache (and records the folding
speed) without training. Results go to the ``rbp_structure`` section of ``docs/benchmarks.md``.

    nice -n 10 python benchmarks/rbp_structure.py --fold-only        # fill the fold cache
    python benchmarks/rbp_structure.py --datasets PUM2 QKI            # train and score
"""

import argparse
import json
import os
import platform
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from skseq.datasets import load_rbp  # noqa: E402
from skseq.preprocessing import StructureTransformer  # noqa: E402

try:
    from _report import write_section
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section

# smaller sets first, so a partial run still covers most of them
ORDER = ("PUM2", "QKI", "NOVA", "IGF2BP123", "TAF2N", "SRSF1")
VARIANTS = ("sequence", "seq+contexts", "combined")
DEFAULT_CACHE = "~/.cache/skseq"


def _fold_log(cache_dir):
    return Path(cache_dir).expanduser() / "rbp_fold_times.json"


def _results_file(cache_dir):
    # results of earlier runs (one set per run is how it fits on a small machine); the report
    # lists them all
    return Path(cache_dir).expanduser() / "rbp_structure_results.json"


def fold_only(names, cache_dir, n_jobs):
    """Fold every train and test sequence into the disk cache; log sequences/s per set."""
    log_path = _fold_log(cache_dir)
    log = json.loads(log_path.read_text()) if log_path.exists() else {}
    for name in names:
        for split in ("train", "test"):
            seqs = load_rbp(name, split).sequences
            enc = StructureTransformer(n_jobs=n_jobs, cache_dir=cache_dir, verbose=1)
            t0 = time.perf_counter()
            enc.fit_transform(seqs)
            seconds = time.perf_counter() - t0
            key = f"{name}.{split}"
            if (
                key not in log or seconds > 0.5 * log[key]["seconds"]
            ):  # keep the real fold, not a cache read
                log[key] = {"n": len(seqs), "seconds": seconds, "n_jobs": n_jobs}
            log_path.write_text(json.dumps(log, indent=1))
            print(
                f"{key}: {len(seqs)} sequences in {seconds:.0f} s "
                f"({len(seqs) / seconds:.1f}/s, n_jobs={n_jobs})",
                flush=True,
            )


def make_pipeline_for(variant, cache_dir, random_state, **clf_params):
    from sklearn.pipeline import make_pipeline

    from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
    from skseq.preprocessing import ChannelUnion

    structure = dict(cache_dir=cache_dir, n_jobs=2)
    if variant == "sequence":
        features = SequenceOneHotTransformer(alphabet="RNA")
    elif variant == "seq+contexts":
        features = ChannelUnion(
            [
                ("seq", SequenceOneHotTransformer(alphabet="RNA")),
                ("struct", StructureTransformer(**structure)),
            ]
        )
    else:
        features = StructureTransformer(encoding="combined", **structure)
    return make_pipeline(
        features, SequenceCNNClassifier(kernel_size=8, random_state=random_state, **clf_params)
    )


def run_one(name, variant, cache_dir, random_state, **clf_params):
    from sklearn.metrics import roc_auc_score

    train, test = load_rbp(name, "train"), load_rbp(name, "test")
    pipe = make_pipeline_for(variant, cache_dir, random_state, **clf_params)
    features, clf = pipe[0], pipe[-1]
    t0 = time.perf_counter()
    X_train = features.fit_transform(train.sequences)
    X_test = features.transform(test.sequences)
    encode_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    clf.fit(X_train, train.target)
    train_s = time.perf_counter() - t0
    auc = roc_auc_score(test.target, clf.predict_proba(X_test)[:, 1])
    return {
        "name": name,
        "variant": variant,
        "auc": auc,
        "pysster": train.reference_roc_auc,
        "encode_s": encode_s,
        "train_s": train_s,
        "epochs": len(clf.history_["loss"]),
        "channels": X_train.shape[-1],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", nargs="*", default=list(ORDER))
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument("--cache-dir", default=DEFAULT_CACHE)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument(
        "--epochs", type=int, default=None, help="maximum epochs (default: the classifier's)"
    )
    parser.add_argument("--fold-only", action="store_true", help="only fill the fold cache")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()
    names = [n.upper() for n in args.datasets]
    if args.fold_only:
        fold_only(names, args.cache_dir, args.n_jobs)
        return

    import keras

    log_path = _fold_log(args.cache_dir)
    fold_log = json.loads(log_path.read_text()) if log_path.exists() else {}
    results_path = _results_file(args.cache_dir)
    saved = json.loads(results_path.read_text()) if results_path.exists() else {}
    for name in names:
        for variant in args.variants:
            clf_params = {} if args.epochs is None else {"epochs": args.epochs}
            r = run_one(name, variant, args.cache_dir, args.random_state, **clf_params)
            r["max_epochs"] = args.epochs or "default"
            saved[f"{name}/{variant}"] = r
            results_path.write_text(json.dumps(saved, indent=1))
            print(
                f"{name:10s} {variant:13s} test ROC-AUC {r['auc']:.3f}  pysster {r['pysster']:.3f}  "
                f"{r['channels']} channels  encode {r['encode_s']:.0f} s  "
                f"train {r['train_s']:.0f} s ({r['epochs']} epochs)",
                flush=True,
            )

    rows = [saved[f"{n}/{v}"] for n in ORDER for v in VARIANTS if f"{n}/{v}" in saved]
    machine = (
        f"{platform.machine()}, {os.cpu_count()} CPU cores, Keras {keras.__version__} "
        f"backend {keras.backend.backend()}"
    )
    lines = [
        "## pysster's RBP benchmark with RNA structure",
        "",
        f"`python benchmarks/rbp_structure.py --datasets NAME --epochs N` per set "
        f"(random_state={args.random_state}; {machine}; the machine was shared with other "
        "jobs). `SequenceCNNClassifier(kernel_size=8)` with its other defaults (early "
        "stopping on 20 % of the train files) but at most the epochs listed, trained on the train "
        "files, ROC-AUC on the test files. *sequence*: one-hot RNA; *seq+contexts*: one-hot "
        "RNA ⊕ MFE contexts (S/H/I/M/F/T, ViennaRNA) joined by `ChannelUnion`; *combined*: "
        "pysster's combined nucleotide x context alphabet (24 channels). pysster's published "
        "numbers used the combined alphabet with contexts H/I/M/S.",
        "",
        "| RBP | model | channels | skseq test ROC-AUC | pysster (published) | difference | max epochs | epochs run | train time (s) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['variant']} | {r['channels']} | {r['auc']:.3f} | "
            f"{r['pysster']:.3f} | {r['auc'] - r['pysster']:+.3f} | {r['max_epochs']} | "
            f"{r['epochs']} | {r['train_s']:.0f} |"
        )
    done = {r["name"] for r in rows}
    folded = [(k, v) for k, v in fold_log.items() if k.split(".")[0] in done]
    if folded:
        lines += [
            "",
            "Folding (`--fold-only`, MFE with ViennaRNA "
            f"{__import__('RNA').__version__}, `nice -n 10`, wall time on a machine shared with "
            "other jobs, so a lower bound of the speed):",
            "",
            "| set | sequences | seconds | sequences/s | n_jobs |",
            "|---|---|---|---|---|",
        ]
        for key, v in folded:
            lines.append(
                f"| {key} | {v['n']} | {v['seconds']:.0f} | {v['n'] / v['seconds']:.1f} | "
                f"{v['n_jobs']} |"
            )
        lines += ["", "Encoding time in the runs above reads folds from the disk cache."]
    for variant in VARIANTS:
        diffs = [r["auc"] - r["pysster"] for r in rows if r["variant"] == variant]
        if diffs:
            lines.append(
                f"\nMean difference to pysster, {variant}: {np.mean(diffs):+.3f} "
                f"({len(diffs)} sets)."
            )
    if not args.no_write:
        write_section("rbp_structure", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
