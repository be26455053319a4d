"""One-hot encoding speed and memory of SequenceOneHotTransformer.

Encodes random DNA with ``SequenceOneHotTransformer`` and, in the same run, with a plain
per-character Python encoder (a dict lookup per character, on a subset), and prints
nucleotides per second and their ratio. Also measures the list-of-str input path, ragged
input (left- and center-aligned), pysster's SRSF1 CLIP-seq training set (shipped with skseq)
and the peak memory of ``transform`` against the size of its
input and output. Pinned to one CPU core and one thread. Results go to the ``encode`` section
of ``docs/benchmarks.md``.

    python benchmarks/encode.py                 # 100,000 sequences of 200 nt
    python benchmarks/encode.py --n 20000 --no-write
"""

import os

# one thread for every numpy back end; set before numpy is imported
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from skseq.datasets import load_rbp  # noqa: E402
from skseq.preprocessing import SequenceOneHotTransformer  # noqa: E402

try:
    from _report import write_section
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section

PYSSTER_NT_PER_S = 4.6e6  # docs GUIDE: pysster 1.2.2 reading + encoding FASTA (Python 3.7, TF 1.15)


def pin_to_one_core():
    """Restrict this process to one CPU core (where the OS allows); return a description."""
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU core {core}, 1 thread"
    return "1 thread (core pinning not available on this OS)"


def cpu_name():
    """The CPU's model name where Linux tells it, else the architecture."""
    try:
        with open("/proc/cpuinfo") as f:
            names = (line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
            return next(names)
    except (OSError, StopIteration):
        return platform.machine()


def random_dna(n, length, seed, ragged=None):
    """``n`` random DNA sequences as a ``<U`` array; ``ragged=(low, high)`` varies lengths."""
    rng = np.random.default_rng(seed)
    symbols = np.array(list("ACGT"), dtype="<U1")
    if ragged is None:
        return rng.choice(symbols, (n, length)).view(f"<U{length}")[:, 0].copy()
    low, high = ragged
    seqs = rng.choice(symbols, (n, high)).view(f"<U{high}")[:, 0]
    return np.array([s[:k] for s, k in zip(seqs, rng.integers(low, high + 1, n))])


def python_encode(seqs, length):
    """The plain way: a dict lookup per character into a list, then one numpy array."""
    rows = {"A": (1, 0, 0, 0), "C": (0, 1, 0, 0), "G": (0, 0, 1, 0), "T": (0, 0, 0, 1)}
    pad = (0, 0, 0, 0)
    return np.array(
        [[rows[c] for c in s[:length]] + [pad] * (length - len(s)) for s in seqs], dtype=np.uint8
    )


def peak_memory(func):
    """Peak bytes allocated (tracemalloc sees numpy's buffers) while ``func`` runs."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="sequences (default 100,000)")
    parser.add_argument("--length", type=int, default=200, help="nt per sequence (default 200)")
    parser.add_argument(
        "--python-n",
        type=int,
        default=5_000,
        help="sequences for the plain Python encoder (default 5,000)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="rounds over all cases; each case reports its best (default 5)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()
    pinning = pin_to_one_core()

    n, length = args.n, args.length
    fixed = random_dna(n, length, args.seed)
    ragged = random_dna(n, length, args.seed + 1, ragged=(length // 2, length * 3 // 2))
    ragged_nt = int(np.char.str_len(ragged).sum())
    enc = SequenceOneHotTransformer().fit(fixed)

    subset = fixed[: args.python_n].tolist()
    as_list = fixed.tolist()
    real = load_rbp("SRSF1", split="train").sequences  # shipped with skseq: RNA, 200 nt, some N
    real_enc = SequenceOneHotTransformer(alphabet="RNA")
    # length learned from the data (the longest), so every character of ragged input is encoded
    left_enc = SequenceOneHotTransformer(align="left")
    center_enc = SequenceOneHotTransformer(align="center")
    ragged_input = f"{n:,} x {length // 2}-{length * 3 // 2} nt"
    ragged_objects = ragged.astype(object)  # what read_fasta returns for a ragged file
    long_and_short = np.array(["ACGT" * 250_000] + ragged[:2_000].tolist(), dtype=object)
    long_enc = SequenceOneHotTransformer(length=length)
    cases = [  # (what, input, characters encoded, function)
        (
            f"skseq, `<U{length}` array",
            f"{n:,} x {length} nt",
            n * length,
            lambda: enc.transform(fixed),
        ),
        (
            "plain Python, dict lookup per character",
            f"{len(subset):,} x {length} nt",
            len(subset) * length,
            lambda: python_encode(subset, length),
        ),
        ("skseq, list of str", f"{n:,} x {length} nt", n * length, lambda: enc.transform(as_list)),
        (
            "skseq, ragged `<U` array, align='left' (fit_transform)",
            ragged_input,
            ragged_nt,
            lambda: left_enc.fit_transform(ragged),
        ),
        (
            "skseq, ragged `<U` array, align='center' (fit_transform)",
            ragged_input,
            ragged_nt,
            lambda: center_enc.fit_transform(ragged),
        ),
        (
            "skseq, ragged object array of str, align='left' (fit_transform)",
            ragged_input,
            ragged_nt,
            lambda: left_enc.fit_transform(ragged_objects),
        ),
        (
            "skseq, ragged object array of str, align='center' (fit_transform)",
            ragged_input,
            ragged_nt,
            lambda: center_enc.fit_transform(ragged_objects),
        ),
        (
            "skseq, bundled SRSF1 train set (`<U200`, RNA with N, fit_transform)",
            f"{len(real):,} x 200 nt",
            len(real) * 200,
            lambda: real_enc.fit_transform(real),
        ),
    ]
    assert np.array_equal(python_encode(subset, length), enc.transform(subset)), "encoders disagree"

    with threadpool_limits(1):
        # rounds over all cases, best per case: load from other processes hits every case alike
        best = [float("inf")] * len(cases)
        for _ in range(args.repeat):
            for i, (_, _, _, func) in enumerate(cases):
                t0 = time.perf_counter()
                func()
                best[i] = min(best[i], time.perf_counter() - t0)
        rows = [
            (what, data, count / seconds)  # (what, input, nt/s)
            for (what, data, count, _), seconds in zip(cases, best)
        ]
        skseq_rate, python_rate = rows[0][2], rows[1][2]

        peak, X = peak_memory(lambda: enc.transform(fixed))
        peak_list, _ = peak_memory(lambda: enc.transform(as_list))
        # one 1 Mb sequence among 2,000 short ones, encoded to length 200 (all of it is checked)
        long_enc.fit(long_and_short[1:])
        peak_long, X_long = peak_memory(lambda: long_enc.transform(long_and_short))

    machine = f"{cpu_name()}, {os.cpu_count()} cores, numpy {np.__version__}"
    lines = [
        "## One-hot encoding speed",
        "",
        f"`python benchmarks/encode.py --n {n} --length {length}` ({machine}; {pinning}; "
        f"best of {args.repeat} interleaved rounds; the machine may be shared, so compare ratios "
        "within a run). "
        "Random DNA; nt/s counts encoded input characters.",
        "",
        "| encoder | input | nt/s | vs plain Python |",
        "|---|---|---|---|",
    ]
    for what, data, rate in rows:
        lines.append(f"| {what} | {data} | {rate / 1e6:,.1f} M | {rate / python_rate:,.0f}x |")
    lines += [
        f"| pysster 1.2.2 reading + encoding FASTA (GUIDE, Python 3.7 + TF 1.15, not this run) "
        f"| 200 nt | {PYSSTER_NT_PER_S / 1e6:.1f} M | {PYSSTER_NT_PER_S / python_rate:,.1f}x |",
        "",
        f"skseq against the plain Python encoder: **{skseq_rate / python_rate:,.0f}x** faster; "
        f"against pysster's reference figure: {skseq_rate / PYSSTER_NT_PER_S:,.0f}x. "
        f"Target (at least 100 M nt/s on one core for a `<U200` array): "
        f"{'met' if skseq_rate >= 100e6 else 'NOT met'}.",
        "",
        f"Memory of `transform` on the `<U{length}` array: input {fixed.nbytes / 2**20:,.0f} MiB, "
        f"output {X.nbytes / 2**20:,.0f} MiB (uint8), peak allocated {peak / 2**20:,.0f} MiB "
        f"({peak / X.nbytes:.2f}x the output); from a list of str, peak "
        f"{peak_list / 2**20:,.0f} MiB ({peak_list / X.nbytes:.2f}x the output). "
        "Measured with tracemalloc.",
        "",
        f"An object array holding one 1 Mb sequence and 2,000 of {length // 2}-"
        f"{length * 3 // 2} nt, encoded to length {length} (every character still checked): "
        f"peak allocated {peak_long / 2**20:,.0f} MiB for an output of "
        f"{X_long.nbytes / 2**20:,.1f} MiB.",
    ]
    text = "\n".join(lines)
    if not args.no_write:
        write_section("encode", text)
    print(text)


if __name__ == "__main__":
    main()
