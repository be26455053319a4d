"""The main job, end to end on bundled data: ``skseq demo --out skseq-report``.

Loads one of pysster's CLIP-seq sets shipped with skseq, cross-validates a one-hot + CNN
pipeline with folds split by chromosome, fits on the whole training split, scores the held-out
test split, inspects what the network learned (kernel motifs matched against published RBP
consensus motifs) and writes a report (ROC curve and training curves as PNG, scores as JSON, the
motif report, an HTML page tying them together) to the output folder.

The command line is ``skseq demo`` (:mod:`skseq.cli._demo`); ``python -m skseq.demo`` is the
same command.
"""

import html
import json
import sys
import time
from pathlib import Path

import numpy as np

from skseq.utils import progress_bar, progress_enabled


def _log(message, start, verbose=0):
    line = f"[{time.perf_counter() - start:7.1f} s] {message}"
    if progress_enabled(verbose):  # printed above the bars, which are redrawn below it
        from tqdm.auto import tqdm

        tqdm.write(line, file=sys.stdout)
        sys.stdout.flush()
    else:
        print(line, flush=True)


def build_pipeline(random_state=0, epochs=30, patience=5):
    """The demo's pipeline: one-hot RNA encoding followed by the default CNN.

    Parameters
    ----------
    random_state : int, default=0
        Seed of the network's initialisation, shuffling and validation split.
    epochs : int, default=30
        Maximum number of epochs; early stopping usually ends training sooner.
    patience : int, default=5
        Epochs without improvement of the validation loss before training stops.

    Returns
    -------
    sklearn.pipeline.Pipeline

    Examples
    --------
    >>> from skseq.demo import build_pipeline
    >>> build_pipeline().steps[-1][0]
    'sequencecnnclassifier'
    """
    from sklearn.pipeline import make_pipeline

    from skseq import SequenceCNNClassifier, SequenceOneHotTransformer

    return make_pipeline(
        SequenceOneHotTransformer(alphabet="RNA"),
        SequenceCNNClassifier(
            epochs=epochs, patience=patience, lr_patience=3, random_state=random_state
        ),
    )


def run(
    out="skseq-report",
    dataset="PUM2",
    n_splits=3,
    epochs=30,
    patience=5,
    random_state=0,
    max_train=None,
    n_inspect=2000,
    verbose=1,
):
    """Train, cross-validate by chromosome, score the test split and write the report.

    Parameters
    ----------
    out : str or path-like, default="skseq-report"
        Output folder; created if missing.
    dataset : str, default="PUM2"
        One of :data:`skseq.datasets.RBP_NAMES`.
    n_splits : int, default=3
        Folds of the chromosome-grouped cross-validation
        (:class:`~sklearn.model_selection.GroupKFold`).
    epochs, patience, random_state : int
        Passed to :func:`build_pipeline`.
    max_train : int, optional
        Use only a random subset of this many training sequences (for a quick look).
    n_inspect : int, default=2000
        Held-out test sequences the motif inspector reads (0 skips the motif report).
    verbose : int, default=1
        A progress bar over the stages (each cross-validation fold, the final fit, the motif
        inspection and its report), with the inspector's own bars below it, on standard
        error when it is a terminal (see :func:`skseq.utils.progress`); 0: none.

    Returns
    -------
    dict
        The scores written to ``scores.json``.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import RocCurveDisplay, average_precision_score, roc_auc_score
    from sklearn.model_selection import GroupKFold, cross_validate

    from skseq.datasets import load_rbp, rbp_consensus_motifs
    from skseq.inspection import MotifInspector
    from skseq.plotting import TrainingHistoryDisplay

    start = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)

    train = load_rbp(dataset, split="train")
    test = load_rbp(dataset, split="test")
    X, y, groups = train.sequences, train.target, train.groups
    if max_train is not None and max_train < len(X):
        keep = np.random.default_rng(random_state).choice(len(X), max_train, replace=False)
        X, y, groups = X[keep], y[keep], groups[keep]
    _log(
        f"{dataset}: {len(X)} training and {len(test.sequences)} test sequences of "
        f"{len(X[0])} nt, {len(set(groups))} chromosomes",
        start,
    )

    pipe = build_pipeline(random_state=random_state, epochs=epochs, patience=patience)
    n_stages = n_splits + 1 + (2 if n_inspect else 0)
    bar = progress_bar(total=n_stages, desc="demo", unit="stage", verbose=verbose)
    _log(f"cross-validating by chromosome: GroupKFold({n_splits})", start, verbose)
    folds = []
    for i, split in enumerate(GroupKFold(n_splits).split(X, y, groups), start=1):
        bar.set_description_str(f"demo: cross-validation fold {i}/{n_splits}")
        folds.append(
            cross_validate(
                pipe, X, y, cv=[split], scoring=["roc_auc", "average_precision"], verbose=2
            )
        )
        bar.update()
    cv = {key: np.concatenate([fold[key] for fold in folds]) for key in folds[0]}
    cv_auc = cv["test_roc_auc"]
    _log(f"cross-validated ROC-AUC {cv_auc.mean():.3f} +/- {cv_auc.std():.3f}", start, verbose)

    _log("fitting on the whole training split", start, verbose)
    bar.set_description_str("demo: final fit")
    pipe.fit(X, y)
    bar.update()
    cnn = pipe[-1]
    proba = pipe.predict_proba(test.sequences)[:, 1]
    scores = {
        "dataset": dataset,
        "n_train": int(len(X)),
        "n_test": int(len(test.sequences)),
        "cv": {
            "splitter": f"GroupKFold({n_splits}) by chromosome",
            "roc_auc": cv_auc.round(4).tolist(),
            "roc_auc_mean": round(float(cv_auc.mean()), 4),
            "average_precision": cv["test_average_precision"].round(4).tolist(),
        },
        "test": {
            "roc_auc": round(float(roc_auc_score(test.target, proba)), 4),
            "average_precision": round(float(average_precision_score(test.target, proba)), 4),
        },
        "pysster_published_test_roc_auc": train.reference_roc_auc,
        "epochs_trained": len(cnn.history_["loss"]),
        "seconds": round(time.perf_counter() - start, 1),
    }
    _log(
        f"test ROC-AUC {scores['test']['roc_auc']:.3f} "
        f"(pysster published {train.reference_roc_auc:.3f} with structure)",
        start,
        verbose,
    )

    fig, ax = plt.subplots(figsize=(5, 5))
    RocCurveDisplay.from_predictions(test.target, proba, ax=ax, name=f"skseq CNN ({dataset})")
    ax.plot([0, 1], [0, 1], ls=":", c="grey")
    ax.set_title(f"{dataset} test split")
    fig.savefig(out / "roc_curve.png", dpi=120, bbox_inches="tight")
    plt.close(fig)

    disp = TrainingHistoryDisplay.from_estimator(cnn)
    disp.figure_.savefig(out / "training_curves.png", dpi=120, bbox_inches="tight")
    plt.close(disp.figure_)

    if n_inspect:
        n_shown = min(n_inspect, len(test.sequences))
        _log(f"inspecting motifs on {n_shown} test sequences", start, verbose)
        pick = np.random.default_rng(random_state).permutation(len(test.sequences))[:n_inspect]
        bar.set_description_str("demo: motif inspection")
        insp = MotifInspector(pipe, verbose=verbose).fit(test.sequences[pick], test.target[pick])
        matches = insp.match(rbp_consensus_motifs(), n_best=3) if insp.n_sites_.any() else None
        bar.update()
        bar.set_description_str("demo: motif report")
        insp.report(out / "motifs", matches=matches)
        bar.update()
        best = None
        if matches is not None and len(matches):
            best = matches.sort_values("p_value").iloc[0]
        scores["motifs"] = {
            "n_sequences": int(len(pick)),
            "n_kernels": int(len(insp.motifs_)),
            "best_match": None
            if best is None
            else {
                "kernel": int(best["kernel"]),
                "target": str(best["target_id"]),
                "p_value": float(f"{best['p_value']:.3g}"),
            },
        }
        _log(
            "motif report written to motifs/index.html"
            + (
                ""
                if best is None
                else f"; best known-motif match: kernel {best['kernel']} "
                f"~ {best['target_id']} (p={best['p_value']:.2g})"
            ),
            start,
            verbose,
        )
        scores["seconds"] = round(time.perf_counter() - start, 1)

    (out / "scores.json").write_text(json.dumps(scores, indent=2))
    _write_html(out, scores)
    bar.close()
    _log(f"report written to {out.resolve()}/index.html", start, verbose)
    return scores


def _write_html(out, scores):
    rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{html.escape(str(v))}</td></tr>"
        for k, v in [
            ("cross-validated ROC-AUC (per fold)", scores["cv"]["roc_auc"]),
            ("cross-validated ROC-AUC (mean)", scores["cv"]["roc_auc_mean"]),
            ("test ROC-AUC", scores["test"]["roc_auc"]),
            ("test average precision", scores["test"]["average_precision"]),
            ("pysster's published test ROC-AUC", scores["pysster_published_test_roc_auc"]),
            ("epochs trained (final fit)", scores["epochs_trained"]),
            ("wall time (s)", scores["seconds"]),
        ]
    )
    motifs = ""
    if "motifs" in scores:
        motifs = (
            "<h2>What the network learned</h2><p>First-layer kernels as motifs, ranked by "
            f"importance, on {scores['motifs']['n_sequences']} held-out sequences, matched "
            "against published RBP consensus motifs: "
            '<a href="motifs/index.html">motif report</a>.</p>'
        )
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>skseq report: {scores["dataset"]}</title></head>
<body style="font-family: sans-serif; max-width: 60em">
<h1>skseq report: {scores["dataset"]}</h1>
<p>{scores["n_train"]} training sequences, cross-validated with
{html.escape(scores["cv"]["splitter"])}; {scores["n_test"]} held-out test sequences.
Data: pysster (Budach &amp; Marsico, Bioinformatics 2018), MIT licence.</p>
<table border="1" cellpadding="4">{rows}</table>
<h2>Test ROC curve</h2><img src="roc_curve.png" alt="ROC curve">
<h2>Training curves (final fit)</h2><img src="training_curves.png" alt="training curves">
{motifs}</body></html>
"""
    (out / "index.html").write_text(page)


if __name__ == "__main__":  # python -m skseq.demo: the same command as skseq demo
    from skseq.cli._demo import demo

    demo.main(prog_name="skseq demo")
