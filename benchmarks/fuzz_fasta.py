"""Fuzz read_fasta and write_fasta far beyond the suite's Hypothesis examples.

Reading: random bytes, random runs of FASTA pieces (``FASTA_TOKENS`` of the property tests),
valid files with random bytes flipped, inserted or deleted, and gzip of each. Every input
must either raise a ValueError naming the file or return exactly the records the text
holds (the property of ``tests/io/test_fasta_properties.py``, whose check is reused).
Writing: random sequences and ids, some with bad characters; a write either raises a
ValueError and leaves the old file as it was, or reads back as written. Prints the count
of each outcome and every other exception type seen (there should be none).

    python benchmarks/fuzz_fasta.py --n 200000
"""

import argparse
import collections
import gzip
import importlib.util
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from skseq.io import read_fasta, write_fasta

_PROPERTIES = Path(__file__).parents[1] / "tests" / "io" / "test_fasta_properties.py"
_spec = importlib.util.spec_from_file_location("fasta_properties", _PROPERTIES)
properties = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(properties)

VALID = b">chr1:1-9(+) one\nACGTACGT\nAC\n>0\nacgu\n>1,2\nNNNN*-.\n"


def random_input(rng):
    kind = rng.integers(4)
    if kind == 0:
        content = rng.integers(0, 256, size=rng.integers(0, 120), dtype=np.uint8).tobytes()
    elif kind == 1:
        picks = rng.integers(0, len(properties.FASTA_TOKENS), size=rng.integers(0, 40))
        content = b"".join(properties.FASTA_TOKENS[i] for i in picks)
    else:
        content = bytearray(VALID)
        for _ in range(rng.integers(1, 4)):
            at = int(rng.integers(0, len(content) + 1))
            byte = int(rng.choice([32, 9, 10, 13, 62, 0, 0xEF, 0xFF, rng.integers(0, 256)]))
            action = rng.integers(3)
            if action == 0 and at < len(content):
                content[at] = byte
            elif action == 1:
                content.insert(at, byte)
            elif content:
                del content[min(at, len(content) - 1)]
        content = bytes(content)
    if rng.random() < 0.1:
        content = gzip.compress(content)
    return content


def fuzz_read(n, rng, folder):
    outcomes, failures = collections.Counter(), {}
    for _ in range(n):
        content = random_input(rng)
        try:
            outcomes[properties.check_read(content, folder)] += 1
        except Exception as error:  # anything but ValueError, or the property broken
            name = f"{type(error).__name__} (failure)"
            outcomes[name] += 1
            failures.setdefault(name, (content, str(error)[:200]))
    return outcomes, failures


LETTERS = list("ACGTNacgt*-.") + [" ", ">", "\n", "É", "\x00", "1"]
ID_CHARS = list("abcXYZ019_:-()+|;,") + [" ", "\t", "\n", "\r", "\x00", "ü", "\u2028"]


def random_strings(rng, chars, weights_good, n, max_length):
    good = len(chars) - weights_good
    p = np.r_[np.full(good, 0.97 / good), np.full(weights_good, 0.03 / weights_good)]
    return ["".join(rng.choice(chars, size=rng.integers(0, max_length), p=p)) for _ in range(n)]


def fuzz_write(n, rng, folder):
    outcomes, failures = collections.Counter(), {}
    path = Path(folder) / "written.fa"
    for _ in range(n):
        count = int(rng.integers(1, 5))
        sequences = random_strings(rng, LETTERS, 6, count, 30)
        ids = random_strings(rng, ID_CHARS, 7, count, 8)
        write_fasta(path, ["GG"], ["old"])
        before = path.read_bytes()
        try:
            write_fasta(path, sequences, ids, line_width=int(rng.integers(0, 10)))
        except ValueError:
            ok = path.read_bytes() == before and os.listdir(folder) == ["written.fa"]
            outcomes["ValueError" if ok else "ValueError, file changed (failure)"] += 1
            continue
        except Exception as error:
            name = f"{type(error).__name__} (failure)"
            outcomes[name] += 1
            failures.setdefault(name, ((sequences, ids), str(error)[:200]))
            continue
        try:
            data = read_fasta(path, upper=False, labels=False)
        except ValueError as error:
            outcomes["written file does not read back (failure)"] += 1
            failures.setdefault("does not read back", ((sequences, ids), str(error)[:200]))
            continue
        same = data.sequences.tolist() == sequences and data.ids.tolist() == [
            s.split(None, 1)[0] for s in ids
        ]
        outcomes["written and read back" if same else "read back differently (failure)"] += 1
        if not same:
            failures.setdefault("read back differently", ((sequences, ids), ""))
    return outcomes, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="read cases")
    parser.add_argument("--n-write", type=int, default=None, help="write cases (n / 10)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(dir=base) as folder:
        start = time.perf_counter()
        read, read_failures = fuzz_read(args.n, rng, folder)
        middle = time.perf_counter()
        n_write = args.n_write if args.n_write is not None else args.n // 10
        (Path(folder) / "write").mkdir()
        written, write_failures = fuzz_write(n_write, rng, Path(folder) / "write")
        end = time.perf_counter()
    print(f"read_fasta: {args.n} inputs in {middle - start:.0f} s (seed {args.seed})")
    for outcome, count in read.most_common():
        print(f"  {outcome}: {count}")
    print(f"write_fasta: {n_write} calls in {end - middle:.0f} s")
    for outcome, count in written.most_common():
        print(f"  {outcome}: {count}")
    for name, (example, message) in {**read_failures, **write_failures}.items():
        print(f"FAILURE {name}: {example!r:.200} -> {message}")
    return 1 if read_failures or write_failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
