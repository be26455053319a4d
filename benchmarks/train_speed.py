"""Training speed (sequences per second) of ``SequenceCNNClassifier`` on this backend and device.

Two networks on random one-hot ``uint8`` data: the estimator's default (pysster's RBP settings
with a third conv layer: 3 conv layers of 30 kernels of 8) and the "pysster-size" network of
the speed issue (3 conv layers of 30 kernels of 25, pool 2, 2 dense layers of 100; pysster's
own default has 2 conv layers and 1 dense layer). Steady-state speed: a 1-epoch ``fit`` of the estimator
builds and compiles the network; after one more (untimed) epoch of its fitted ``model_``,
``--epochs`` epochs of that model (same compiled step, same batch size) are timed.
Each network runs under every ``--precision`` policy (float32 and mixed_bfloat16 by default),
and a plain Keras network of the pysster-size shape (built here with ``keras.layers``, float32
and the same policies) is the baseline measured in the same run; the ratio column is each
row's speed over the plain-Keras float32 speed. Runs with any Keras backend (this script never imports TensorFlow itself):

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
    "skseq default (3 conv x 30 of 8)": {},
    "pysster-size (3 conv x 30 of 25, 2 dense)": dict(
        n_conv_layers=3, kernel_size=25, n_dense_layers=2, dense_units=100
    ),
}


def plain_keras(length, policy):
    """The pysster-size network in plain Keras under ``policy`` (output in float32)."""
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(policy)
    try:
        inputs = keras.Input((length, 4))
        x = inputs
        for _ in range(3):
            x = keras.layers.Conv1D(30, 25, padding="same", activation="relu")(x)
            x = keras.layers.MaxPooling1D(2, padding="same")(x)
        x = keras.layers.Flatten()(x)
        for _ in range(2):
            x = keras.layers.Dense(100, activation="relu")(x)
        outputs = keras.layers.Dense(1, activation="sigmoid", dtype="float32")(x)
        model = keras.Model(inputs, outputs)
    finally:
        keras.config.set_dtype_policy(previous)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def sequences_per_second(X, y, epochs, batch_size, params, precision):
    """Seconds of the first (building, tracing) epoch, and steady-state sequences/s."""
    target = y.astype("float32").reshape(-1, 1)
    t0 = time.perf_counter()
    if params is None:
        model = plain_keras(X.shape[1], precision)
        model.fit(X, target, epochs=1, batch_size=batch_size, verbose=0)
    else:
        clf = SequenceCNNClassifier(
            epochs=1,
            batch_size=batch_size,
            validation_fraction=0,
            random_state=0,
            precision=precision,
            **params,
        )
        clf.fit(X, y)
        model = clf.model_
    first = time.perf_counter() - t0
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
    parser.add_argument(
        "--precision", nargs="+", default=["float32", "mixed_bfloat16"], help="dtype policies"
    )
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
    rows, baseline = [], None
    networks = {"plain Keras, pysster-size shape": None, **NETWORKS}
    for name, params in networks.items():
        for precision in args.precision:
            first, speed = sequences_per_second(
                X, y, args.epochs, args.batch_size, params, precision
            )
            baseline = baseline or speed  # plain Keras, first policy
            rows.append(
                f"| {name} | {precision} | {speed:,.0f} | {speed / baseline:.2f} | {first:.1f} |"
            )
            print(
                f"{name} [{precision}]: {speed:,.0f} sequences/s ({speed / baseline:.2f}x plain "
                f"Keras {args.precision[0]}; first epoch with building and tracing "
                f"{first:.1f} s); load average {os.getloadavg()[0]:.2f}",
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
                    "| network | precision | training sequences/s | ratio to plain Keras "
                    "float32 | first epoch incl. building and tracing (s) |",
                    "|---|---|---|---|---|",
                    *rows,
                ]
            ),
        )


if __name__ == "__main__":
    main()
