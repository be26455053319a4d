"""Peak memory of ``variant_effect`` streaming 1,000,000 SNVs to a file, against holding them.

Writes a synthetic genome (``make_genome``, 4 chromosomes of 2.5 Mb) and a sorted VCF of
``--n`` SNVs whose REF is the genome's base, then runs ``variant_effect`` in two fresh child
processes with the same small ``SequenceCNNClassifier`` (DeepBind-shaped, 8 filters, fitted
for one epoch on 256 random windows, batch size 1024 for prediction: untrained in effect, which changes nothing about
memory or speed): one streaming the results to a gzip TSV (``out=path``), one returning
them as a DataFrame (``out=None``, all results in memory, the baseline). Each child's peak
resident memory (``VmHWM`` of ``/proc/self/status``) is printed beside its resident memory
before scoring and the size of the windows' one-hot encoding had they been held at once.

    python benchmarks/variant_memory.py                     # 1 M SNVs, 100-nt windows
    python benchmarks/variant_memory.py --n 100000          # a quicker check
    python benchmarks/variant_memory.py --no-baseline       # the streaming run only

Measured 2026-12 on a shared 2-core machine (load average 6-12 from other jobs), 1 M SNVs,
100-nt windows: streaming peak RSS 0.91 GB (0.85 GB before scoring, i.e. +0.06 GB, 0.07 x
the 0.80 GB one-hot of all windows), 306 s; in memory (DataFrame of 0.33 GB) peak 1.31 GB
(+0.46 GB), 186 s under a lighter load.
"""

import argparse
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
from skseq.variants import variant_effect
vcf, genome, width, out, chunk = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
def status_kb(key):
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(key))
rng = np.random.default_rng(0)
X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(256, width))]
y = rng.integers(0, 2, size=256)
clf = SequenceCNNClassifier(architecture="deepbind", n_filters=8, epochs=1, batch_size=1024,
                            validation_fraction=0, random_state=0).fit(X, y)
clf.predict_proba(X)  # warm up prediction before measuring
before = status_kb("VmRSS")
t0 = time.perf_counter()
result = variant_effect(clf, vcf, genome=genome, width=width, out=None if out == "-" else out,
                        chunk_size=chunk, batch_size=8192)
wall = time.perf_counter() - t0
rows = len(result) if out == "-" else sum(1 for _ in __import__("gzip").open(out, "rt")) - 1
held = int(result.memory_usage(deep=True).sum()) if out == "-" else 0
print("RESULT", before, status_kb("VmHWM"), wall, rows, held, flush=True)
"""


def write_inputs(folder, n, seed=0):
    from skseq.datasets import make_genome
    from skseq.io import read_fasta

    lengths = {f"chr{i}": 2_500_000 for i in range(1, 5)}
    genome = make_genome(folder / "genome.fa", lengths, n_runs=2, random_state=seed)
    data = read_fasta(genome)
    chroms = dict(zip(map(str, data.ids), map(str, data.sequences)))
    rng = np.random.default_rng(seed)
    other = {b: np.array([c for c in "ACGT" if c != b]) for b in "ACGT"}
    per_chrom = np.bincount(rng.integers(0, len(chroms), n), minlength=len(chroms))
    vcf = folder / "snvs.vcf"
    with open(vcf, "w") as handle:
        handle.write("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")
        for (name, sequence), count in zip(chroms.items(), per_chrom):
            seq = np.frombuffer(sequence.encode(), dtype="S1")
            bases = np.flatnonzero(seq != b"N")
            positions = np.sort(rng.choice(bases, count, replace=False))
            refs = seq[positions].astype(str)
            alts = [other[r][k] for r, k in zip(refs, rng.integers(0, 3, count))]
            handle.writelines(
                f"{name}\t{p + 1}\t.\t{r}\t{a}\t.\tPASS\t.\n"
                for p, r, a in zip(positions, refs, alts)
            )
    return genome, vcf


def run_child(vcf, genome, width, out, chunk):
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(vcf), str(genome), str(width), str(out), str(chunk)],
        env=env,
        capture_output=True,
        text=True,
    )
    line = [x for x in run.stdout.splitlines() if x.startswith("RESULT")]
    if run.returncode or not line:
        sys.exit(f"child failed ({run.returncode}):\n{run.stderr[-3000:]}")
    before, peak, wall, rows, held = line[0].split()[1:]
    return int(before) / 1e6, int(peak) / 1e6, float(wall), int(rows), int(held) / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--width", type=int, default=100)
    parser.add_argument("--chunk-size", type=int, default=10_000)
    parser.add_argument("--no-baseline", action="store_true", help="skip the in-memory run")
    parser.add_argument("--dir", default=None, help="where to write the files (default TMPDIR)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="skseq-variants-") as tmp:
        folder = __import__("pathlib").Path(tmp)
        t0 = time.perf_counter()
        genome, vcf = write_inputs(folder, args.n)
        print(
            f"wrote a 10 Mb genome and {args.n} SNVs ({os.path.getsize(vcf) / 1e6:.0f} MB VCF) "
            f"in {time.perf_counter() - t0:.0f} s",
            flush=True,
        )
        onehot_gb = 2 * args.n * args.width * 4 / 1e9
        out = folder / "effects.tsv.gz"
        before, peak, wall, rows, _ = run_child(vcf, genome, args.width, out, args.chunk_size)
        print(
            f"streamed to {out.name} ({os.path.getsize(out) / 1e6:.0f} MB, {rows} rows): "
            f"peak RSS {peak:.2f} GB (VmHWM; {before:.2f} GB before scoring), "
            f"{wall:.0f} s, {rows / wall:,.0f} variants/s; load average "
            f"{os.getloadavg()[0]:.1f}",
            flush=True,
        )
        print(
            f"one-hot of all {2 * args.n} REF and ALT windows ({args.width} nt, uint8) would be "
            f"{onehot_gb:.2f} GB: streaming peak above the pre-scoring RSS is "
            f"{(peak - before) / onehot_gb:.3f} x that",
            flush=True,
        )
        if args.no_baseline:
            return
        b_before, b_peak, b_wall, b_rows, held = run_child(
            vcf, genome, args.width, "-", args.chunk_size
        )
        print(
            f"baseline out=None ({b_rows} rows, DataFrame {held:.2f} GB): peak RSS "
            f"{b_peak:.2f} GB ({b_before:.2f} GB before scoring), {b_wall:.0f} s; "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        print(
            f"ratio streaming / in memory: peak RSS {peak / b_peak:.2f}, growth above the "
            f"pre-scoring RSS {(peak - before) / max(b_peak - b_before, 1e-9):.2f}, wall "
            f"{wall / b_wall:.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
