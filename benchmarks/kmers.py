"""Tokenising speed of KmerTokenizer against a plain Python k-mer tokenizer, in one run.

Tokenises random DNA (k=5, stride 2, Genomic-ULMFiT's setting, and k=3 / stride 1) with
``KmerTokenizer`` and, on a subset, with a dict lookup per k-mer in Python, and prints
nucleotides per second and their ratio. Pinned to one CPU core and one thread. Results go to
the ``kmers`` section of ``docs/benchmarks.md``.

    python benchmarks/kmers.py                  # 100,000 sequences of 1,000 nt
    python benchmarks/kmers.py --n 20000 --no-write
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import time  # noqa: E402
from itertools import product  # noqa: E402

import numpy as np  # noqa: E402

from skseq.preprocessing import KmerTokenizer  # noqa: E402

try:
    from _report import write_section
    from encode import cpu_name, pin_to_one_core, random_dna
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section
    from benchmarks.encode import cpu_name, pin_to_one_core, random_dna


def python_tokenize(seqs, k, stride):
    """The plain way: a dict lookup per k-mer, then one numpy array (unknown -> 1)."""
    index = {"".join(p): i + 2 for i, p in enumerate(product("ACGT", repeat=k))}
    return np.array(
        [[index.get(s[i : i + k], 1) for i in range(0, len(s) - k + 1, stride)] for s in seqs],
        dtype=np.int32,
    )


def best_time(func, *args, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--length", type=int, default=1000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    pinned = pin_to_one_core()
    seqs = random_dna(args.n, args.length, seed=0)
    subset = seqs[: max(1, args.n // 100)]
    rows = []
    for k, stride in [(5, 2), (3, 1)]:
        tok = KmerTokenizer(k=k, stride=stride).fit(seqs[:1])
        ours = best_time(tok.transform, seqs)
        plain = best_time(python_tokenize, subset, k, stride, repeats=1)
        assert (tok.transform(subset) == python_tokenize(subset, k, stride)).all()
        ours_rate = seqs.size * args.length / ours
        plain_rate = subset.size * args.length / plain
        rows.append((k, stride, ours_rate, plain_rate))
        print(
            f"k={k} stride={stride}: KmerTokenizer {ours_rate / 1e6:.1f} M nt/s, plain Python "
            f"{plain_rate / 1e6:.2f} M nt/s, ratio {ours_rate / plain_rate:.0f}x"
        )
    table = "\n".join(
        f"| {k} | {s} | {a / 1e6:.1f} | {b / 1e6:.2f} | {a / b:.0f}x |" for k, s, a, b in rows
    )
    text = f"""## k-mer tokens (`benchmarks/kmers.py`)

{args.n:,} random DNA sequences of {args.length:,} nt as a `<U` array, {pinned}, {cpu_name()};
the plain Python tokenizer (a dict lookup per k-mer) on {subset.size:,} of them, same run.

| k | stride | KmerTokenizer (M nt/s) | plain Python (M nt/s) | ratio |
|---|---|---|---|---|
{table}
"""
    print(text)
    if not args.no_write:
        write_section("kmers", text)


if __name__ == "__main__":
    main()
