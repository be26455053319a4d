"""Scaling out: cross-validation on 1 and 2 Dask workers, one fit on 1 and 2 devices.

Both measured in the same run, so their ratios compare like with like:

1. ``cross_val_score`` of a one-hot + CNN pipeline (``--folds`` folds) under
   ``joblib.parallel_backend("dask")`` on a ``distributed.LocalCluster`` of 1 and then 2
   worker processes of 1 thread each, each worker's backend limited to its core by
   :class:`skseq.parallel.KerasWorkerSettings` (TensorFlow, or ``KERAS_BACKEND``). The
   workers import Keras before the clock starts. The runs alternate (1, 2), (2, 1), ...
   (``--repeats``) and the median of each is reported.
2. One ``SequenceCNNClassifier`` fit under :func:`skseq.parallel.data_parallel` on 1 and on
   2 devices (JAX, in a subprocess; on a CPU the devices are
   ``XLA_FLAGS=--xla_force_host_platform_device_count=2``, which share the machine's cores
   and one thread pool, so this shows the cost of splitting more than a gain). The
   time per epoch is ``(t(1 + E epochs) - t(1 epoch)) / E``, without tracing and compiling.

    python benchmarks/scaling.py            # writes its section of docs/benchmarks.md
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import textwrap
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np

try:
    from _report import write_section
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section

DEVICE_SCRIPT = textwrap.dedent(
    """
    import json, sys, time
    import numpy as np
    from skseq.models import SequenceCNNClassifier
    from skseq.parallel import data_parallel

    n, length, epochs, batch_size = (int(v) for v in sys.argv[1:5])
    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(n, length))]
    y = rng.integers(0, 2, size=n)
    out = {}
    for devices in (1, 2):
        times = []
        for e in (1, 1 + epochs):
            clf = SequenceCNNClassifier(epochs=e, batch_size=batch_size, validation_fraction=0,
                                        lr_patience=None, random_state=0)
            with data_parallel(devices=devices):
                start = time.perf_counter()
                clf.fit(X, y)
                times.append(time.perf_counter() - start)
        out[devices] = (times[1] - times[0]) / epochs
    print("RESULT", json.dumps(out))
    """
)


def dask_cross_validation(n, length, folds, epochs, repeats):
    import distributed
    import joblib
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline

    from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
    from skseq.datasets import make_motif_sequences
    from skseq.parallel import KerasWorkerSettings

    X, y = make_motif_sequences(n, length, motifs="TGCATG", random_state=0)
    X, y = np.asarray(X), np.asarray(y)
    pipe = make_pipeline(
        SequenceOneHotTransformer(alphabet="DNA"),
        SequenceCNNClassifier(epochs=epochs, patience=None, lr_patience=None, random_state=0),
    )
    seconds = {1: [], 2: []}
    # alternating the order (1, 2), (2, 1), ... spreads a machine's changing load over both
    for n_workers in [w for r in range(repeats) for w in ((1, 2) if r % 2 == 0 else (2, 1))]:
        with (
            distributed.LocalCluster(
                n_workers=n_workers, threads_per_worker=1, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            client.register_plugin(KerasWorkerSettings())  # imports Keras on the workers
            with joblib.parallel_backend("dask"):
                start = time.perf_counter()
                scores = cross_val_score(pipe, X, y, cv=folds, n_jobs=-1)
                seconds[n_workers].append(time.perf_counter() - start)
            print(f"{n_workers} worker(s): {seconds[n_workers][-1]:.1f} s, scores {scores}")
    return {w: float(np.median(s)) for w, s in seconds.items()}


def data_parallel_epochs(n, length, epochs, batch_size):
    env = dict(
        os.environ,
        KERAS_BACKEND="jax",
        JAX_PLATFORMS="cpu",
        # less contention for XLA's shared thread pool: on a loaded machine a device waited
        # past XLA's 40 s limit for the other at an all-reduce, which aborts the process
        XLA_FLAGS="--xla_force_host_platform_device_count=2 --xla_cpu_multi_thread_eigen=false",
    )
    run = subprocess.run(
        [sys.executable, "-c", DEVICE_SCRIPT, *map(str, (n, length, epochs, batch_size))],
        env=env,
        capture_output=True,
        text=True,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    if run.returncode or not lines:
        raise RuntimeError(f"data-parallel run failed:\n{run.stderr[-3000:]}")
    return {int(k): v for k, v in json.loads(lines[-1][7:]).items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="sequences (cross-validation)")
    parser.add_argument("--length", type=int, default=100)
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=2, help="runs of each (median)")
    parser.add_argument("--device-n", type=int, default=2048, help="sequences (one fit)")
    parser.add_argument("--device-batch", type=int, default=64, help="batch size (one fit)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    cv = dask_cross_validation(args.n, args.length, args.folds, args.epochs, args.repeats)
    try:
        dp = data_parallel_epochs(args.device_n, args.length, args.epochs, args.device_batch)
        for d, s in dp.items():
            print(f"{d} device(s): {s:.2f} s per epoch")
        dp_row = f"{dp[1]:.2f} | {dp[2]:.2f} | {dp[1] / dp[2]:.2f}x"
    except RuntimeError as error:  # XLA aborts a run whose all-reduce waits over 40 s
        print(error)
        dp_row = "failed | failed | -"
    machine = f"{platform.machine()}, {os.cpu_count()} cores"
    text = f"""
## Scaling out (`benchmarks/scaling.py`)

`python benchmarks/scaling.py` on {machine} (shared with other jobs while it ran: absolute
times are inflated, the ratios measured in the same run are what count). No GPU was lent to
this measurement: no GPU figure is given, and `benchmarks/train_speed.py` and pretraining
under JAX on a GPU remain to be measured.

| what | 1 | 2 | speed-up |
|---|---|---|---|
| `cross_val_score`, {args.folds} folds of {args.n} x {args.length} nt, {args.epochs} epochs, Dask workers of 1 thread (s, median of {args.repeats} runs) | {cv[1]:.1f} | {cv[2]:.1f} | {cv[1] / cv[2]:.2f}x |
| one fit, {args.device_n} x {args.length} nt, batch {args.device_batch}, JAX `data_parallel` devices (s per epoch) | {dp_row} |

The "devices" of the second row are XLA's host-platform CPU devices
(`XLA_FLAGS=--xla_force_host_platform_device_count=2 --xla_cpu_multi_thread_eigen=false`):
they share the same cores and one thread pool and exchange gradients by an all-reduce every
step, so the row shows what splitting costs, not what separate devices (GPUs) gain. With
the default batch of 256 on 8192 sequences, under this load, one device waited past XLA's
40 s limit for the other at an all-reduce and XLA aborted the process; hence batch 64.
"""
    print(text)
    if not args.no_write:
        write_section("scaling", text)


if __name__ == "__main__":
    main()
