"""Training speed (sequences per second) of ``SequenceCNNClassifier`` on this backend and device.

Two networks on random one-hot ``uint8`` data: the estimator's default (pysster's RBP settings:
2 conv layers of 30 kernels of 8) and pysster's own default model (3 conv layers of 30 kernels
of 25, pool 2, 2 dense layers of 100). Steady-state speed: a 1-epoch ``fit`` of the estimator
builds and compiles the network; after one more (untimed) epoch of its fitted ``model_``,
``--epochs`` epochs of that model (same compiled step, same batch size) are timed.
Runs with any Keras backend (this script never imports TensorFlow itself):

    python benchmarks/train_speed.py
    KERAS_BACKEND=jax python benchmarks/train_speed.py --n 200000 --batch-size 1024
"""

import argparse
import os
import platform
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from skseq.models import SequenceCNNClassifier  # noqa: E402

try:
    from _report import write_section
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section

NETWORKS = {
    "skseq default (2 conv x 30 of 8)": {},
    "pysster default (3 conv x 30 of 25, 2 dense)": dict(
        n_conv_layers=3, kernel_size=25, n_dense_layers=2, dense_units=100
    ),
}


def sequences_per_second(X, y, epochs, batch_size, params):
    """Seconds of the first (building, tracing) epoch, and steady-state sequences/s."""
    clf = SequenceCNNClassifier(
        epochs=1, batch_size=batch_size, validation_fraction=0, random_state=0, **params
    )
    t0 = time.perf_counter()
    clf.fit(X, y)
    first = time.perf_counter() - t0
    target = y.astype("float32").reshape(-1, 1)
    model = clf.model_
    # One traced epoch first, so the timed epochs run the compiled step.
    model.fit(X, target, epochs=1, batch_size=batch_size, shuffle=True, verbose=0)
    t0 = time.perf_counter()
    model.fit(X, target, epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0)
    return first, epochs * len(X) / (time.perf_counter() - t0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20000, help="sequences")
    parser.add_argument("--length", type=int, default=200)
    parser.add_argument("--epochs", type=int, default=2, help="timed epochs")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(args.n, args.length))]
    y = rng.integers(0, 2, args.n)
    backend = keras.backend.backend()
    setting = (
        f"Keras {keras.__version__}, backend {backend}, {platform.machine()} with "
        f"{os.cpu_count()} CPU cores; {args.n} random sequences of {args.length} nt, "
        f"batch {args.batch_size}, {args.epochs} timed epochs"
    )
    print(setting, flush=True)
    rows = []
    for name, params in NETWORKS.items():
        first, speed = sequences_per_second(X, y, args.epochs, args.batch_size, params)
        rows.append(f"| {name} | {speed:,.0f} | {first:.1f} |")
        print(
            f"{name}: {speed:,.0f} sequences/s (first epoch with building and tracing "
            f"{first:.1f} s)",
            flush=True,
        )
    if not args.no_write:
        write_section(
            f"train_speed_{backend}",
            "\n".join(
                [
                    f"## Training speed ({backend})",
                    "",
                    f"`python benchmarks/train_speed.py --n {args.n} --length {args.length} "
                    f"--epochs {args.epochs} --batch-size {args.batch_size}` ({setting}). Steady-state "
                    "sequences/s of the compiled training step (GUIDE.md measured plain Keras at about "
                    "1.6k/s for pysster's default on such a CPU, 110k/s with JAX on one H100).",
                    "",
                    "| network | training sequences/s | first epoch incl. building and tracing (s) |",
                    "|---|---|---|",
                    *rows,
                ]
            ),
        )


if __name__ == "__main__":
    main()
