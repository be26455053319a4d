"""Prediction throughput: ``SequenceCNNClassifier.predict_proba`` against ``model.predict``.

One fitted estimator (the default network, trained briefly on random data: speed does not
depend on what it learned); then, interleaved in one process, the estimator's
``predict_proba`` and a plain Keras ``model.predict`` of the same network on the same one-hot
``uint8`` array with the same batch size. The ratio of the medians is printed and written to
the ``predict_speed`` section of ``docs/benchmarks.md``. Target: at most 1.05.

    python benchmarks/predict_speed.py                    # 1,000,000 sequences of 200 nt
    python benchmarks/predict_speed.py --n 100000 --repeats 2 --no-write   # a quick look
"""

import argparse
import os
import platform
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from skseq import SequenceCNNClassifier  # noqa: E402

try:
    from _report import write_section
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="sequences predicted")
    parser.add_argument("--length", type=int, default=200)
    parser.add_argument(
        "--batch-size",
        type=int,
        default=None,
        help="batch size of both sides (default: the estimator's prediction batch size)",
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(args.n, args.length))]
    n_train = min(2000, args.n)
    clf = SequenceCNNClassifier(epochs=1, validation_fraction=0, random_state=0)
    clf.fit(X[:n_train], rng.integers(0, 2, n_train))
    # the estimator predicts in batches of max(batch_size, 1024); the plain side does the same
    batch_size = max(clf.batch_size, 1024)

    def plain():
        return clf.model_.predict(X, batch_size=batch_size, verbose=0)

    def estimator():
        return clf.predict_proba(X)

    plain(), estimator()  # warm-up: tracing and first-call allocation on both sides
    times = {"keras": [], "skseq": []}
    for r in range(args.repeats):
        order = [("keras", plain), ("skseq", estimator)]
        for name, run in order if r % 2 == 0 else order[::-1]:
            t0 = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - t0)
            print(f"repeat {r + 1}: {name:5s} {times[name][-1]:7.2f} s", flush=True)
    keras_s, skseq_s = np.median(times["keras"]), np.median(times["skseq"])
    ratio = skseq_s / keras_s
    machine = (
        f"{platform.machine()}, {os.cpu_count()} CPU cores, Keras {keras.__version__} "
        f"backend {keras.backend.backend()}; the machine may be shared, compare the "
        "ratio"
    )
    lines = [
        "## Prediction throughput",
        "",
        f"`python benchmarks/predict_speed.py --n {args.n} --length {args.length} --repeats "
        f"{args.repeats}` ({machine}). The same fitted network, the same one-hot uint8 array, "
        f"batch size {batch_size} on both sides; repeats interleaved after a warm-up; medians.",
        "",
        "| | median time (s) | sequences/s |",
        "|---|---|---|",
        f"| plain `model.predict` | {keras_s:.2f} | {args.n / keras_s:,.0f} |",
        f"| `SequenceCNNClassifier.predict_proba` | {skseq_s:.2f} | {args.n / skseq_s:,.0f} |",
        "",
        f"Ratio estimator / plain Keras: **{ratio:.3f}** (target: at most 1.05).",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section("predict_speed", "\n".join(lines))


if __name__ == "__main__":
    main()
