"""Peak resident memory while training on a memory-mapped array larger than RAM allows.

Writes ``--n`` random one-hot ``uint8`` sequences of ``--length`` nt (2 M x 1 kb = 8 GB by
default) to a ``.npy`` file in chunks, then in a fresh child process loads it with
``np.load(path, mmap_mode="r")`` and trains a tiny ``SequenceCNNClassifier`` for one epoch
(20 % validation split by index) and predicts the first 100k sequences; the child's peak
resident memory (``VmHWM`` in ``/proc/self/status``) is printed with the size of the array. The file is deleted
afterwards.

    python benchmarks/out_of_core.py                       # 2 M x 1000 nt, 8 GB
    python benchmarks/out_of_core.py --n 200000 --dir /tmp  # a quicker check
"""

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

CHILD = r"""
import sys, time
import numpy as np
from skseq.models import SequenceCNNClassifier
path, batch = sys.argv[1], int(sys.argv[2])
X = np.load(path, mmap_mode="r")
y = np.zeros(len(X), dtype=np.int8)
y[len(X) // 2 :] = 1
def peak_kb():  # this process' own high-water mark (getrusage's can carry the parent's)
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM"))
start_rss = peak_kb()
t0 = time.perf_counter()
clf = SequenceCNNClassifier(
    architecture="deepbind", n_filters=4, epochs=1, batch_size=batch, random_state=0
).fit(X, y)
fit_s = time.perf_counter() - t0
clf.predict_proba(X[: min(len(X), 100_000)])
print("RESULT", start_rss, peak_kb(), fit_s, flush=True)
"""


def write_chunks(path, n, length, chunk=50_000, seed=0):
    rng = np.random.default_rng(seed)
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.uint8, shape=(n, length, 4))
    eye = np.eye(4, dtype=np.uint8)
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        out[start:stop] = eye[rng.integers(0, 4, size=(stop - start, length), dtype=np.uint8)]
        out.flush()
    del out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2_000_000)
    parser.add_argument("--length", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=1024)
    parser.add_argument("--dir", default=None, help="where to write the array (default: TMPDIR)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="skseq-ooc-") as tmp:
        path = os.path.join(tmp, "X.npy")
        t0 = time.perf_counter()
        # in a child process, so this one never maps the array
        writer = multiprocessing.get_context("spawn").Process(
            target=write_chunks, args=(path, args.n, args.length)
        )
        writer.start()
        writer.join()
        size_gb = os.path.getsize(path) / 1e9
        print(
            f"wrote {args.n} x {args.length} x 4 uint8 ({size_gb:.2f} GB) in "
            f"{time.perf_counter() - t0:.0f} s",
            flush=True,
        )
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
        run = subprocess.run(
            [sys.executable, "-c", CHILD, path, str(args.batch_size)],
            env=env,
            capture_output=True,
            text=True,
        )
        line = [x for x in run.stdout.splitlines() if x.startswith("RESULT")]
        if run.returncode or not line:
            sys.exit(f"child failed ({run.returncode}):\n{run.stderr[-3000:]}")
        start_kb, peak_kb, fit_s = line[0].split()[1:]
        print(
            f"array {size_gb:.2f} GB memory-mapped; child peak RSS {int(peak_kb) / 1e6:.2f} GB "
            f"(VmHWM; {int(start_kb) / 1e6:.2f} GB after imports and np.load); fit (1 epoch, 20 % validation) {float(fit_s):.0f} s; "
            f"load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
