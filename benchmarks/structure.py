"""Folding speed of StructureTransformer: parallel folding and the fold caches.

On real RBP sequences (PUM2, 200 nt) it measures, in one process:

- folding with ``n_jobs=2`` against ``n_jobs=1`` (best of interleaved rounds, each on fresh
  sequences; the first parallel call, which starts the worker processes, is shown apart);
- a second transform of the same sequences (memory cache) as a percentage of the first;
- a transform in a "new process" (memory cache emptied) reading the on-disk cache, as a
  percentage of the first.

    python benchmarks/structure.py              # 200 sequences per run, 3 rounds
    python benchmarks/structure.py --n 400 --rounds 2 --no-write
    python benchmarks/structure.py --cold --n 400 --rounds 3 --no-write

``--cold`` measures what a user sees in a new process: each timed run is a fresh Python
process that folds a fresh block with ``n_jobs=1`` or ``n_jobs=2`` (worker start-up included,
interpreter and skseq import excluded), interleaved, best of ``--rounds``.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import RNA  # noqa: E402

from skseq.datasets import load_rbp  # noqa: E402
from skseq.preprocessing import StructureTransformer  # noqa: E402
from skseq.preprocessing._fold_cache import clear_memory_cache  # noqa: E402

try:
    from _report import write_section
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section


def children_cpu_seconds():
    """CPU time of this process and its live children (the joblib workers), from /proc."""
    me, total = os.getpid(), time.process_time()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:  # parent pid; then utime and stime in clock ticks
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


COLD_RUN = """
import json, resource, sys, time
from joblib.externals.loky import get_reusable_executor
from skseq.preprocessing import StructureTransformer
seqs, n_jobs, mode = json.loads(sys.stdin.read())
enc = StructureTransformer(mode=mode, n_jobs=n_jobs)
cpu0 = resource.getrusage(resource.RUSAGE_SELF).ru_utime
t0 = time.perf_counter()
enc.fit_transform(seqs)
wall = time.perf_counter() - t0
get_reusable_executor().shutdown(wait=True)  # so that the workers' CPU time is counted
cpu = sum(resource.getrusage(who).ru_utime for who in (resource.RUSAGE_SELF,
          resource.RUSAGE_CHILDREN)) - cpu0
print(wall, cpu)
"""


def cold(block, n_jobs, mode):
    """Seconds a fresh process takes to fold ``block`` (start-up of its workers included)."""
    done = subprocess.run(
        [sys.executable, "-c", COLD_RUN],
        input=json.dumps([list(block), n_jobs, mode]),
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu = map(float, done.stdout.strip().splitlines()[-1].split())
    return wall, cpu


def main_cold(args, seqs):
    blocks = iter(seqs[i : i + args.n] for i in range(0, len(seqs), args.n))
    loads = [os.getloadavg()[0]]
    serial, parallel = [], []
    for _ in range(args.rounds):
        serial.append(cold(next(blocks), 1, args.mode))
        parallel.append(cold(next(blocks), 2, args.mode))
        loads.append(os.getloadavg()[0])
    (t1, cpu1), (t2, cpu2) = min(serial), min(parallel)
    lines = [
        "## RNA folding from a cold start",
        "",
        f"`python benchmarks/structure.py --cold --n {args.n} --rounds {args.rounds} --mode "
        f"{args.mode}` ({platform.machine()}, {os.cpu_count()} CPU cores, ViennaRNA "
        f"{RNA.__version__}; load average {min(loads):.1f}-{max(loads):.1f} during the run). "
        f"Each run a new process folding a fresh block of {args.n} PUM2 sequences (200 nt), "
        "worker start-up included; best of the interleaved rounds.",
        "",
        "| run | seconds (best) | all rounds | vs n_jobs=1 | CPU s | cores it got |",
        "|---|---|---|---|---|---|",
        f"| n_jobs=1 | {t1:.1f} | {', '.join(f'{t:.1f}' for t, _ in serial)} | 1.00x | "
        f"{cpu1:.1f} | {cpu1 / t1:.2f} |",
        f"| n_jobs=2 | {t2:.1f} | {', '.join(f'{t:.1f}' for t, _ in parallel)} | "
        f"{t1 / t2:.2f}x | {cpu2:.1f} | {cpu2 / t2:.2f} |",
        "",
        "On a shared machine the speed-up is bounded by the cores the run gets (last column).",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section("structure-cold", "\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="sequences per timed run")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (best kept)")
    parser.add_argument("--mode", default="mfe", choices=["mfe", "probability", "local"])
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--cold", action="store_true", help="fresh processes (see above)")
    args = parser.parse_args()
    seqs = load_rbp("PUM2", "test").sequences
    if args.cold:
        return main_cold(args, seqs)
    blocks = iter(seqs[i : i + args.n] for i in range(0, len(seqs), args.n))  # never the same twice
    load = os.getloadavg()[0]
    clear_memory_cache()

    def fold(n_jobs):
        block = next(blocks)
        enc = StructureTransformer(mode=args.mode, n_jobs=n_jobs).fit(block)
        cpu = children_cpu_seconds()
        seconds = timed(lambda: enc.transform(block))[1]
        return seconds, children_cpu_seconds() - cpu

    t_cold, _ = fold(2)  # the first parallel call starts the worker processes
    serial, parallel = [], []
    for _ in range(args.rounds):  # interleaved, so other work on the machine hits both alike
        serial.append(fold(1))
        parallel.append(fold(2))
    (t1, cpu1), (t2, cpu2) = min(serial), min(parallel)

    first_block = seqs[: args.n]
    clear_memory_cache()
    enc = StructureTransformer(mode=args.mode).fit(first_block)
    X1, t_first = timed(lambda: enc.transform(first_block))
    X_again, t_again = timed(lambda: enc.transform(first_block))
    assert (X_again == X1).all()
    with tempfile.TemporaryDirectory() as cache_dir:
        clear_memory_cache()
        disk = StructureTransformer(mode=args.mode, cache_dir=cache_dir).fit(first_block)
        X_first, t_first_disk = timed(lambda: disk.transform(first_block))
        clear_memory_cache()  # as in a new process
        X_disk, t_disk = timed(lambda: disk.transform(first_block))
        assert (X_disk == X_first).all() and (X_first == X1).all()

    lines = [
        "## RNA folding: parallel and cached",
        "",
        f"`python benchmarks/structure.py --n {args.n} --rounds {args.rounds} --mode {args.mode}` "
        f"({platform.machine()}, {os.cpu_count()} CPU cores, ViennaRNA {RNA.__version__}; load "
        f"average {load:.1f} when it started: the machine is shared, so the ratios are what "
        "this run saw). PUM2 test sequences, 200 nt, a fresh block of "
        f"{args.n} for every timed run; best of {args.rounds} interleaved rounds.",
        "",
        "| run | seconds | sequences/s | vs n_jobs=1 | CPU seconds | cores it got (CPU s / s) |",
        "|---|---|---|---|---|---|",
        f"| fold, n_jobs=1 | {t1:.1f} | {args.n / t1:.1f} | 1.00x | {cpu1:.1f} | {cpu1 / t1:.2f} |",
        f"| fold, n_jobs=2 (warm workers) | {t2:.1f} | {args.n / t2:.1f} | {t1 / t2:.2f}x | "
        f"{cpu2:.1f} | {cpu2 / t2:.2f} |",
        f"| fold, n_jobs=2 (first call, starts workers) | {t_cold:.1f} | {args.n / t_cold:.1f} | "
        f"{t1 / t_cold:.2f}x | | |",
        "",
        "The speed-up is bounded by the cores the run gets: with the machine busy, Linux's "
        "per-session CPU share (autogroup) gives the two workers together about what one "
        "process gets; compare CPU seconds to see that parallel folding costs no extra work.",
        "",
        "| same sequences again | seconds | % of the first transform |",
        "|---|---|---|",
        f"| memory cache (same process, any clone) | {t_again:.3f} | "
        f"{100 * t_again / t_first:.2f} % |",
        f"| disk cache (`cache_dir`, memory emptied as in a new process) | {t_disk:.3f} | "
        f"{100 * t_disk / t_first_disk:.2f} % |",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section("structure", "\n".join(lines))


if __name__ == "__main__":
    main()
