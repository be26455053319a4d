"""The estimator's cost over plain Keras: ``SequenceCNNClassifier.fit`` against ``model.fit``.

Both sides build the same network (``build_sequence_cnn`` with the estimator's defaults),
compile it the same way (Adam, binary cross-entropy, accuracy and AUC) and train it for the
same epochs and batch size on the same one-hot ``uint8`` data, without validation (so both
see every sequence). Repeats are interleaved in one process; the ratio of the medians is
printed and written to the ``overhead`` section of ``docs/benchmarks.md``. Target: at most
1.05.

    python benchmarks/overhead.py                     # 20000 sequences of 200 nt, 2 epochs
    python benchmarks/overhead.py --n 2000 --repeats 2 --no-write   # a quick look
"""

import argparse
import os
import platform
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from skseq.models import SequenceCNNClassifier, build_sequence_cnn  # noqa: E402

try:
    from _report import write_section
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section


def plain_keras_fit(X, y, epochs, batch_size, seed):
    """Build, compile and fit the estimator's default network with Keras alone."""
    keras.utils.set_random_seed(seed)
    model = build_sequence_cnn(X.shape[1:], 1, "sigmoid")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=5e-4),
        loss="binary_crossentropy",
        metrics=["accuracy", keras.metrics.AUC(name="auc")],
    )
    model.fit(
        X,
        y.astype("float32").reshape(-1, 1),
        batch_size=batch_size,
        epochs=epochs,
        shuffle=True,
        verbose=0,
    )
    return model


def estimator_fit(X, y, epochs, batch_size, seed):
    return SequenceCNNClassifier(
        epochs=epochs, batch_size=batch_size, validation_fraction=0, random_state=seed
    ).fit(X, y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20000, help="sequences")
    parser.add_argument("--length", type=int, default=200)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(args.n, args.length))]
    y = rng.integers(0, 2, args.n)

    times = {"keras": [], "skseq": []}
    for r in range(args.repeats):
        # Alternate which side goes first so drift in machine load hits both.
        order = [("keras", plain_keras_fit), ("skseq", estimator_fit)]
        for name, fit in order if r % 2 == 0 else order[::-1]:
            t0 = time.perf_counter()
            fit(X, y, args.epochs, args.batch_size, seed=r)
            times[name].append(time.perf_counter() - t0)
            print(f"repeat {r + 1}: {name:5s} {times[name][-1]:7.2f} s", flush=True)

    keras_s, skseq_s = np.median(times["keras"]), np.median(times["skseq"])
    ratio = skseq_s / keras_s
    machine = (
        f"{platform.machine()}, {os.cpu_count()} CPU cores, Keras {keras.__version__} "
        f"backend {keras.backend.backend()}"
    )
    lines = [
        "## Estimator overhead over plain Keras",
        "",
        f"`python benchmarks/overhead.py --n {args.n} --length {args.length} --epochs "
        f"{args.epochs} --batch-size {args.batch_size} --repeats {args.repeats}` ({machine}). "
        "Same network, compilation, data (one-hot uint8), epochs and batch size; build, "
        "compile and fit timed on both sides; repeats interleaved; medians.",
        "",
        "| | median fit time (s) | all repeats (s) |",
        "|---|---|---|",
        f"| plain `keras.Model.fit` | {keras_s:.2f} | "
        f"{', '.join(f'{t:.2f}' for t in times['keras'])} |",
        f"| `SequenceCNNClassifier.fit` | {skseq_s:.2f} | "
        f"{', '.join(f'{t:.2f}' for t in times['skseq'])} |",
        "",
        f"Ratio skseq / keras: **{ratio:.3f}** (target <= 1.05).",
    ]
    text = "\n".join(lines)
    if not args.no_write:
        write_section("overhead", text)
    print(text)


if __name__ == "__main__":
    main()
