"""The headline effect of pretraining: LM-pretrained classifier vs the same network from
scratch vs the default CNN, on CNNProm's E. coli and B. subtilis promoter sets.

Pretrains a ``SequenceLanguageModel`` (k=5, stride 2) on the E. coli K-12 genome, then runs
stratified k-fold CV (fixed seed) at several training-set sizes: in every fold the training
part is subsampled (stratified, seeded) to the size, the test part is the whole fold. MCC is
reported as mean and standard deviation over folds. Note: CNNProm's E. coli promoters are
part of the genome the LM is pretrained on (as in Genomic-ULMFiT); the labels are not.

    python benchmarks/pretraining.py --lm lm.skops        # the full run (~80 min, 2 CPU cores)
    python benchmarks/pretraining.py --genome-fraction 0.02 --lm-epochs 1 --folds 2 \\
        --sizes 100,300 --datasets ecoli --epochs 3 --no-write   # a reduced check

``--lm PATH`` keeps the pretrained model: a file that exists is loaded (skseq's safe format)
instead of pretraining again; otherwise the model is pretrained and saved there.
``--lm-backward PATH`` does the same for the backward LM that the ``backward-*`` and
``forward+backward*`` contenders need. An ensemble's rows are followed by its members scored
alone (the same fits), and the four-member ``forward+backward-2-seeds`` also by each seed's
two-member vote. The ``*-lm-tuned`` contenders train the LM 2 epochs on the task first;
``pretrained-lm-tuned-2-seeds`` is the forward one from fine-tuning seeds 0 and 1, voting,
``pretrained-lm-tuned-3-seeds`` from seeds 0, 1 and 2. ``--lm-strands both`` pretrains on the
genome and its reverse complement (the shipped both-strands model also took
``--genome-fraction 0.9 --lm-epochs 7``).

Data: ``../shared/data/ecoli`` (NCBI RefSeq GCF_000005845.2) and ``../shared/data/cnnprom``
(Umarov & Solovyev 2017, PLoS One). Results go to the ``pretraining`` section of
``docs/benchmarks.md``.
"""

import argparse
import json
import shlex
import time
from pathlib import Path

import numpy as np
from sklearn.base import clone
from sklearn.ensemble import VotingClassifier
from sklearn.metrics import matthews_corrcoef
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import make_pipeline

from skseq.io import load, read_fasta, save
from skseq.models import SequenceCNNClassifier, SequenceLanguageModel, SequenceLMClassifier
from skseq.preprocessing import SequenceOneHotTransformer
from skseq.scanning import reverse_complement

try:
    from _report import write_section
except ImportError:
    from benchmarks._report import write_section

# ../shared/data next to the repository (a worktree one level deeper looks one further up)
_HERE = Path(__file__).resolve().parents[1]
SHARED = next(
    (d / "shared" / "data" for d in (_HERE.parent, _HERE.parent.parent) if (d / "shared").is_dir()),
    _HERE.parent / "shared" / "data",
)
DATASETS = {
    "ecoli": ("Ecoli_prom.fa.gz", "Ecoli_non_prom.fa.gz"),
    "bacillus": ("Bacillus_prom.fa.gz", "Bacillus_non_prom.fa.gz"),
}


def load_promoters(name, root):
    neg, pos = (root / "cnnprom" / f for f in reversed(DATASETS[name]))
    data = read_fasta([neg, pos])
    return data.sequences, data.target


def pretrain(args, root, path, direction="forward"):
    """The language model, its pretraining time and nucleotides (kept beside a saved model)."""
    if path and Path(path).exists():
        info = Path(f"{path}.json")
        info = json.loads(info.read_text()) if info.exists() else {}
        print(f"{direction} language model loaded from {path}")
        return load(path), info.get("seconds"), info.get("nucleotides")
    genome = read_fasta(root / "ecoli" / "GCF_000005845.2_ASM584v2_genomic.fna.gz").sequences[0]
    genome = [genome[: int(len(genome) * args.genome_fraction)]]
    if args.lm_strands == "both":
        genome.append(str(reverse_complement(genome)[0]))
    lm = SequenceLanguageModel(
        k=5,
        stride=2,
        direction=direction,
        epochs=args.lm_epochs,
        random_state=0,
        verbose=args.verbose,
        **LM_SIZES,
    )
    start = time.perf_counter()
    lm.fit(genome)
    took = time.perf_counter() - start
    n_nt = sum(map(len, genome))
    if path:
        save(lm, path)
        info = {"seconds": took, "nucleotides": n_nt}
        Path(f"{path}.json").write_text(json.dumps(info))
    return lm, took, n_nt


def describe(lm, took, n_nt):
    on = "E. coli" if n_nt is None else f"{n_nt:,} nt of E. coli"
    took = "" if took is None else f" in {took:.0f} s"
    return (
        f"{lm.direction} LM ({LM_SIZES}) pretrained on {on}{took} "
        f"({len(lm.history_['loss'])} epochs): validation loss "
        f"{lm.val_loss_:.3f} vs informed random {lm.informed_random_loss_:.3f}"
    )


LM_SIZES = dict(embedding_dim=64, hidden_units=256, n_layers=2)


def models(lm, epochs, class_weight="balanced", lm_backward=None):
    """The contenders by ``--models`` key, each with its defaults (``epochs`` overrides them).

    The table compares three; ``--models`` picks others (``token_offsets="all"``
    trains on the k-mers from both start offsets of stride 2 and averages over them;
    ``forward+backward`` is a soft vote of the forward and the backward LM's classifiers).
    """
    short = {} if epochs is None else dict(epochs=epochs)
    finetune = dict(class_weight=class_weight, random_state=0, **short)
    contenders = {
        "pretrained": SequenceLMClassifier(pretrained=lm, **finetune),
        "pretrained-all-offsets": SequenceLMClassifier(
            pretrained=lm, token_offsets="all", **finetune
        ),
        "pretrained-lm-tuned": SequenceLMClassifier(
            pretrained=lm, token_offsets="all", lm_epochs=2, **finetune
        ),
        "scratch": SequenceLMClassifier(k=5, stride=2, **LM_SIZES, **finetune),
        "cnn": make_pipeline(SequenceOneHotTransformer(), SequenceCNNClassifier(**finetune)),
    }
    # the LM-tuned forward model from fine-tuning seeds 0 and 1 (or 0, 1 and 2), voting
    tuned = contenders["pretrained-lm-tuned"]
    for n in (2, 3):
        contenders[f"pretrained-lm-tuned-{n}-seeds"] = VotingClassifier(
            [
                (f"pretrained-lm-tuned-seed{s}", clone(tuned).set_params(random_state=s))
                for s in range(n)
            ],
            voting="soft",
        )
    if lm_backward is not None:
        contenders["backward-all-offsets"] = SequenceLMClassifier(
            pretrained=lm_backward, token_offsets="all", **finetune
        )
        members = ("pretrained-all-offsets", "backward-all-offsets")
        contenders["forward+backward"] = VotingClassifier(
            [(key, contenders[key]) for key in members], voting="soft"
        )
        contenders["backward-lm-tuned"] = SequenceLMClassifier(
            pretrained=lm_backward, token_offsets="all", lm_epochs=2, **finetune
        )
        contenders["forward+backward-lm-tuned"] = VotingClassifier(
            [(key, contenders[key]) for key in ("pretrained-lm-tuned", "backward-lm-tuned")],
            voting="soft",
        )
        # the same two members from fine-tuning seeds 0 and 1: four networks voting
        seeded = [
            (f"{key}-seed{seed}", clone(contenders[key]).set_params(random_state=seed))
            for seed in (0, 1)
            for key in members
        ]
        contenders["forward+backward-2-seeds"] = VotingClassifier(seeded, voting="soft")
    return contenders


def fold_predictions(key, model, X):
    """(contender, predicted labels) of a fitted model and, for a vote, of each member alone
    and of each seed's members voting: one ``predict_proba`` per member serves them all."""
    members = getattr(model, "named_estimators_", None)
    if not members:
        return [(key, model.predict(X))]
    probas = {name: fitted.predict_proba(X) for name, fitted in members.items()}

    def vote(*ps):  # VotingClassifier's soft vote, unweighted
        return model.classes_[np.mean(ps, axis=0).argmax(axis=1)]

    out = [(key, vote(*probas.values())), *((name, vote(p)) for name, p in probas.items())]
    if key == "forward+backward-2-seeds":  # each seed's forward and backward member, voting
        by_seed = {}
        for name, p in probas.items():
            by_seed.setdefault(name.rsplit("-", 1)[1], []).append(p)
        out += [(f"forward+backward-{seed}", vote(*ps)) for seed, ps in by_seed.items()]
    return out


LABELS = {
    "pretrained": "pretrained LM",
    "pretrained-all-offsets": "pretrained LM, all offsets",
    "pretrained-lm-tuned": "pretrained LM, all offsets, LM fine-tuned 2 epochs on the task",
    "scratch": "same network, scratch",
    "cnn": "default CNN",
    "backward-all-offsets": "backward LM, all offsets",
    "forward+backward": "forward + backward LM (soft vote), all offsets",
    "backward-lm-tuned": "backward LM, all offsets, LM fine-tuned 2 epochs on the task",
    "forward+backward-lm-tuned": "forward + backward LM (soft vote), both LM fine-tuned",
    "forward+backward-2-seeds": "forward + backward LM, fine-tuning seeds 0 and 1 (4 voting)",
    "pretrained-lm-tuned-2-seeds": (
        "pretrained LM, all offsets, LM fine-tuned, fine-tuning seeds 0 and 1 (2 voting)"
    ),
    "pretrained-lm-tuned-3-seeds": (
        "pretrained LM, all offsets, LM fine-tuned, fine-tuning seeds 0, 1 and 2 (3 voting)"
    ),
}
for _seed in (0, 1, 2):
    LABELS[f"pretrained-lm-tuned-seed{_seed}"] = f"{LABELS['pretrained-lm-tuned']}, seed {_seed}"
for _seed in (0, 1):
    LABELS[f"forward+backward-seed{_seed}"] = f"forward + backward LM, seed {_seed} (2 voting)"
    for _key in ("pretrained-all-offsets", "backward-all-offsets"):
        LABELS[f"{_key}-seed{_seed}"] = f"{LABELS[_key]}, seed {_seed}"
BACKWARD = (
    "backward-all-offsets",
    "backward-lm-tuned",
    "forward+backward",
    "forward+backward-lm-tuned",
    "forward+backward-2-seeds",
)


def run(args):
    root = Path(args.data) if args.data else SHARED
    lm, *about = pretrain(args, root, args.lm)
    lines = [describe(lm, *about)]
    lm_backward = None
    if set(args.models.split(",")) & set(BACKWARD):
        lm_backward, *about = pretrain(args, root, args.lm_backward, "backward")
        lines.append(describe(lm_backward, *about))
    print("\n".join(lines))
    rows = []
    for name in args.datasets.split(","):
        X, y = load_promoters(name, root)
        folds = StratifiedKFold(args.folds, shuffle=True, random_state=0)
        for size in args.sizes.split(","):
            contenders = models(lm, args.epochs, args.class_weight, lm_backward)
            for key in args.models.split(","):
                scores, start = {}, time.perf_counter()
                for train, test in folds.split(X, y):
                    if size != "full" and int(size) < len(train):
                        train, _ = train_test_split(
                            train, train_size=int(size), random_state=0, stratify=y[train]
                        )
                    model = clone(contenders[key]).fit(X[train], y[train])
                    # an ensemble's members are scored too: the same fits, alone
                    for member, predicted in fold_predictions(key, model, X[test]):
                        mcc = matthews_corrcoef(y[test], predicted)
                        scores.setdefault(LABELS[member], []).append(mcc)
                took = f"{time.perf_counter() - start:.0f}"
                for label, mcc in scores.items():
                    rows.append((name, size, label, np.mean(mcc), np.std(mcc), took))
                    print(
                        f"{name} n={size} {label}: MCC {np.mean(mcc):.3f} ± "
                        f"{np.std(mcc):.3f} ({took} s); folds " + " ".join(f"{m:.3f}" for m in mcc),
                        flush=True,
                    )
                    took = "(same fits)"
    table = "\n".join(f"| {d} | {s} | {m} | {a:.3f} ± {b:.3f} | {t} |" for d, s, m, a, b, t in rows)
    command = "python benchmarks/pretraining.py " + shlex.join(args.argv)
    text = f"""{args.title} (`benchmarks/pretraining.py`)

`{command}`; {"; ".join(lines)}. {args.folds}-fold stratified CV (seed 0), training part
subsampled to the size; class weights {args.class_weight}. Genomic-ULMFiT's E. coli MCC
(LM pretrained on 60 genomes): 0.871.

| data | training size | model | MCC (mean ± sd over folds) | time (s) |
|---|---|---|---|---|
{table}
"""
    print(text)
    if not args.no_write:
        write_section(args.section, text)


def main(argv=None):
    import sys

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="folder holding ecoli/ and cnnprom/")
    parser.add_argument("--genome-fraction", type=float, default=1.0)
    parser.add_argument("--lm", default=None, help="load the LM from / save it to this file")
    parser.add_argument(
        "--lm-backward", default=None, help="the same for the backward LM (if a model needs it)"
    )
    parser.add_argument("--lm-epochs", type=int, default=10)
    parser.add_argument(
        "--lm-strands",
        choices=["plus", "both"],
        default="plus",
        help="pretrain on the genome's plus strand or on it and its reverse complement",
    )
    parser.add_argument("--epochs", type=int, default=None, help="override the models' epochs")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--sizes", default="100,300,1000,full")
    parser.add_argument("--datasets", default="ecoli,bacillus")
    parser.add_argument(
        "--class-weight",
        default="balanced",
        type=lambda v: None if v == "none" else v,
        help="'balanced' (the default: small sets need it) or 'none' (MCC's own threshold)",
    )
    parser.add_argument(
        "--models",
        default="pretrained,scratch,cnn",
        help=f"comma-separated contenders, of {', '.join(LABELS)}",
    )
    parser.add_argument("--section", default="pretraining", help="docs/benchmarks.md section")
    parser.add_argument("--title", default="## Pretraining on a genome, fine-tuning on promoters")
    parser.add_argument("--verbose", type=int, default=0)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    args.argv = sys.argv[1:] if argv is None else argv
    run(args)


if __name__ == "__main__":
    main()
