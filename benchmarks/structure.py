"""Folding speed of StructureTransformer: parallel folding and the fold caches.

On real RBP sequences (PUM2, 200 nt) it measures, in one process:

- folding with ``n_jobs=2`` against ``n_jobs=1`` (ratio of sequences/s; the parallel run is
  timed twice: first with a cold worker pool, then warm);
- a second transform of the same sequences (memory cache) as a percentage of the first;
- a transform in a "new process" (memory cache emptied) reading the on-disk cache, as a
  percentage of the first.

    python benchmarks/structure.py              # 400 sequences
    python benchmarks/structure.py --n 200
"""

import argparse
import os
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from skseq.datasets import load_rbp  # noqa: E402
from skseq.preprocessing import StructureTransformer  # noqa: E402
from skseq.preprocessing._fold_cache import clear_memory_cache  # noqa: E402


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=400, help="sequences per run")
    parser.add_argument("--mode", default="mfe", choices=["mfe", "probability", "local"])
    args = parser.parse_args()
    seqs = load_rbp("PUM2", "test").sequences
    parts = [seqs[i * args.n:(i + 1) * args.n] for i in range(3)]  # distinct sequences per run

    load = os.getloadavg()[0]
    clear_memory_cache()
    enc1 = StructureTransformer(mode=args.mode, n_jobs=1).fit(parts[0])
    X1, t1 = timed(lambda: enc1.transform(parts[0]))
    enc2 = StructureTransformer(mode=args.mode, n_jobs=2).fit(parts[1])
    _, t2_cold = timed(lambda: enc2.transform(parts[1]))
    _, t2_warm = timed(lambda: enc2.fit(parts[2]).transform(parts[2]))
    print(f"folding {args.n} x {len(parts[0][0])} nt ({args.mode}); {os.cpu_count()} CPU cores, "
          f"load average {load:.1f} before the runs (other work slows n_jobs=2 first):")
    print(f"  n_jobs=1           {t1:6.1f} s  {args.n / t1:6.1f} seq/s")
    print(f"  n_jobs=2 (cold)    {t2_cold:6.1f} s  {args.n / t2_cold:6.1f} seq/s  "
          f"speed-up x{t1 / t2_cold:.2f}")
    print(f"  n_jobs=2 (warm)    {t2_warm:6.1f} s  {args.n / t2_warm:6.1f} seq/s  "
          f"speed-up x{t1 / t2_warm:.2f}")

    X_again, t_again = timed(lambda: enc1.transform(parts[0]))
    assert (X_again == X1).all()
    print(f"second transform (memory cache): {t_again * 1000:.1f} ms = "
          f"{100 * t_again / t1:.2f} % of the first")

    with tempfile.TemporaryDirectory() as cache_dir:
        clear_memory_cache()
        disk = StructureTransformer(mode=args.mode, n_jobs=1, cache_dir=cache_dir).fit(parts[0])
        X_first, t_first = timed(lambda: disk.transform(parts[0]))
        clear_memory_cache()  # as in a new process
        X_disk, t_disk = timed(lambda: disk.transform(parts[0]))
        assert (X_disk == X_first).all() and (X_first == X1).all()
    print(f"transform in a new process (disk cache): {t_disk * 1000:.1f} ms = "
          f"{100 * t_disk / t_first:.2f} % of the first ({t_first:.1f} s, with disk writes)")


if __name__ == "__main__":
    main()
