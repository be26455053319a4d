"""Peak memory and time of read_fasta on a ragged file, against the file's size.

Issue 10's case: one 1 Mb record and 2,000 short ones (about 5 MB of FASTA). A fixed-width
``<U`` array of those sequences would take n x max_length x 4 bytes (7.45 GiB); read_fasta
keeps ragged sequences as an object array of str instead. Prints the peak memory Python and
numpy allocated (tracemalloc) and the process's peak resident size, each as a ratio to the
file's size, and the same for an equal-length file of the same size (the ``<U`` fast path).

    python benchmarks/fasta_memory.py
    python benchmarks/fasta_memory.py --long 100000   # a tenth of the long record
"""

import argparse
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from skseq.io import read_fasta


def write_file(path, lengths, seed=0):
    rng = np.random.default_rng(seed)
    with open(path, "w") as handle:
        for i, n in enumerate(lengths):
            sequence = "".join(rng.choice(list("ACGT"), size=n))
            lines = [sequence[k : k + 60] for k in range(0, n, 60)]
            handle.write(f">chr{i % 22 + 1}:{i}-{i + n}(+)\n" + "\n".join(lines) + "\n")
    return path


def measure(path):
    tracemalloc.start()
    start = time.perf_counter()
    data = read_fasta(path)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return data, peak, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", type=int, default=1_000_000, help="length of the long record")
    parser.add_argument("--short", type=int, default=2000, help="number of short records")
    parser.add_argument("--short-length", type=int, default=2000)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp())
    ragged = write_file(folder / "ragged.fa", [args.long] + [args.short_length] * args.short)
    total = args.long + args.short * args.short_length
    equal = write_file(folder / "equal.fa", [total // (args.short + 1)] * (args.short + 1))
    for name, path in (("ragged", ragged), ("equal", equal)):
        size = path.stat().st_size
        data, peak, seconds = measure(path)
        n, longest = len(data.sequences), max(map(len, data.sequences))
        print(
            f"{name:6s}: {n} records, file {size / 2**20:.2f} MiB, sequences dtype "
            f"{data.sequences.dtype}; peak traced {peak / 2**20:.1f} MiB = {peak / size:.1f}x "
            f"the file; fixed-width '<U' would hold {n * longest * 4 / 2**30:.2f} GiB; "
            f"{size / 2**20 / seconds:.1f} MiB/s"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"process peak resident size {rss / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
