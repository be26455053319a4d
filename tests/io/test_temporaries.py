"""Temporary files left by a write that was killed are removed by the next write there.

Every writer writes into a hidden temporary file beside its destination, then renames it, so a
``kill -9`` leaves the destination whole or untouched; the temporary used to stay behind for
good (``.out.fa.<hex>.tmp``).
"""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin

from skseq import SequenceOneHotTransformer
from skseq.io import write_fasta, write_meme
from skseq.io._files import STALE_AFTER, temporary_path, write_atomic
from skseq.io._persistence import save

HOUR = 3600


def _dead_pid():
    """The id of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _touch(path, age=0):
    path.write_bytes(b"half")
    if age:
        then = time.time() - age
        os.utime(path, (then, then))
    return path


def _temporary(target, pid, age=0):
    """A temporary named as write_atomic names one, with the writer's process id ``pid``."""
    name = temporary_path(target).name
    head, _, tail = name.rpartition(f"-{os.getpid()}-")
    return _touch(target.parent / f"{head}-{pid}-{tail}", age)


def test_stale_temporaries_are_removed_and_ones_in_use_kept(tmp_path):
    target = tmp_path / "out.fa"
    target.write_text(">old\nAAAA\n")
    dead = _dead_pid()
    stale = [
        _temporary(target, dead),  # its writer was killed
        _touch(tmp_path / ".out.fa.0123456789ab.tmp", age=STALE_AFTER + HOUR),  # older skseq
        _temporary(target, os.getpid(), age=STALE_AFTER + HOUR),  # untouched for too long
    ]
    kept = [
        _temporary(target, os.getpid()),  # in use: its writer is alive
        _touch(tmp_path / ".out.fa.89abcdef0123.tmp"),  # recent, writer unknown
        _temporary(tmp_path / "other.fa", dead),  # another destination's
        _temporary(tmp_path / "out.fa.gz", dead),
        _touch(tmp_path / ".out.fa.notes.tmp", age=STALE_AFTER + HOUR),  # not a temporary
        _touch(tmp_path / "out.fa.tmp", age=STALE_AFTER + HOUR),
    ]
    assert all(path.exists() for path in stale)

    write_fasta(target, ["ACGT"], ["new"])

    assert target.read_text() == ">new\nACGT\n"
    assert not [path.name for path in stale if path.exists()]
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([target.name, *(p.name for p in kept)])


class _Constant(ClassifierMixin, BaseEstimator):
    classes_ = np.array([0, 1])

    def fit(self, X, y=None):
        return self

    def __sklearn_is_fitted__(self):
        return True

    def predict_proba(self, X):
        return np.full((len(X), 2), 0.5)


def _write_with(writer, folder):
    """Write one destination in ``folder`` with ``writer``; returns the destination."""
    if writer == "write_fasta":
        write_fasta(folder / "out.fa.gz", ["ACGT"])
        return folder / "out.fa.gz"
    if writer == "save":
        save(SequenceOneHotTransformer(), folder / "model.skops")
        return folder / "model.skops"
    if writer == "write_meme":
        ppm = pd.DataFrame(np.full((3, 4), 0.25), columns=list("ACGT"))
        write_meme(folder / "motifs.meme", {"m": ppm})
        return folder / "motifs.meme"
    if writer == "encode_to_memmap":
        from skseq.preprocessing import encode_to_memmap

        encode_to_memmap(SequenceOneHotTransformer(length=4), ["ACGT", "GG"], folder / "x.npy")
        return folder / "x.npy"
    if writer == "write_grammar":
        from skseq.datasets import load_grammar, write_grammar

        grammars = os.path.join(os.path.dirname(__file__), "..", "data", "grammars")
        grammar = load_grammar(
            os.path.join(grammars, "mc2-dna1000-homer-interaction-spacing-200k-s1.xml")
        )
        write_grammar(grammar, folder / "grammar.xml")
        return folder / "grammar.xml"
    if writer == "make_genome":
        from skseq.datasets import make_genome

        make_genome(folder / "genome.fa", {"chr1": 300}, random_state=0)
        return folder / "genome.fa"
    if writer == "variant_effect":
        from skseq.variants import variant_effect

        write_fasta(folder / "genome.fa", ["ACGT" * 20], ["chr1"])
        variants = pd.DataFrame({"chrom": ["chr1"], "pos": [10], "ref": ["C"], "alt": ["A"]})
        out = folder / "effects.tsv"
        variant_effect(_Constant(), variants, genome=folder / "genome.fa", width=9, out=out)
        return out
    raise AssertionError(writer)


WRITERS = [
    "write_fasta",
    "save",
    "write_meme",
    "encode_to_memmap",
    "write_grammar",
    "make_genome",
    "variant_effect",
]


@pytest.mark.parametrize("writer", WRITERS)
def test_every_writer_cleans_up_before_writing(writer, tmp_path):
    target = _write_with(writer, tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    stale = _temporary(target, _dead_pid())
    in_use = _temporary(target, os.getpid())
    _write_with(writer, tmp_path)
    assert not stale.exists()
    assert in_use.exists()
    in_use.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# Starts writing the destination through the atomic writer, says so once its temporary holds
# data, and waits to be killed.
CHILD = """
import sys, time
from skseq.io._files import write_atomic

def write(handle):
    handle.write(b">half\\nACG")
    handle.flush()
    print("writing", flush=True)
    time.sleep(120)

write_atomic(sys.argv[1], write)
"""


def test_a_write_killed_midway_leaves_the_destination_and_the_next_write_cleans_up(tmp_path):
    target = tmp_path / "out.fa"
    target.write_text(">old\nAAAA\n")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(target)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "writing"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert target.read_text() == ">old\nAAAA\n"  # untouched
    left = [p for p in tmp_path.iterdir() if p != target]
    assert len(left) == 1 and left[0].name.startswith(".out.fa.") and left[0].suffix == ".tmp"

    write_fasta(target, ["ACGT"], ["new"])

    assert target.read_text() == ">new\nACGT\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.fa"]


def test_write_atomic_names_its_temporary_after_the_destination_and_its_process(tmp_path):
    seen = []
    write_atomic(tmp_path / "x.txt", lambda handle: seen.append(handle.name))
    name = os.path.basename(seen[0])
    assert name.startswith(".x.txt.") and f"-{os.getpid()}-" in name and name.endswith(".tmp")
