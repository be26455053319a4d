"""Scanning many short records: windows of all records predicted together, against one model
call per record and strand (what ``skseq scan`` did: 624 short records took 9 min 51 s).

A skseq CNN pipeline (one-hot encoder + the default network, trained for one epoch on random
100-nt sequences: speed does not depend on what it learned) scans ``--records`` generated
records of 150-1,000 nt with its 100-nt window and the default stride (50), both strands.
In one process: ``skseq.scanning.scan`` on each record (the old per-record path), then
``skseq.scanning.scan_records`` on all of them; the tables must be equal, and the ratio
old / new time is printed. Target: at least 20.

    python benchmarks/scan_records.py                  # 624 records
    python benchmarks/scan_records.py --records 100    # a quick look
"""

import argparse
import time

import numpy as np
import pandas as pd
from sklearn.pipeline import make_pipeline

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.scanning import scan, scan_records


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=624)
    parser.add_argument("--window", type=int, default=100)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    train = ["".join(rng.choice(list("ACGT"), args.window)) for _ in range(256)]
    model = make_pipeline(
        SequenceOneHotTransformer(),
        SequenceCNNClassifier(epochs=1, validation_fraction=0, verbose=0, random_state=0),
    ).fit(train, rng.integers(0, 2, len(train)))
    lengths = rng.integers(150, 1001, size=args.records)
    records = ["".join(rng.choice(list("ACGT"), int(n))) for n in lengths]
    ids = [f"record{i}" for i in range(len(records))]
    scan(model, records[0], verbose=0)  # warm-up: the first predict traces the network

    start = time.perf_counter()
    old = []
    for seqid, sequence in zip(ids, records):
        table = scan(model, sequence, verbose=0)
        table.insert(0, "seqid", seqid)
        old.append(table)
    old = pd.concat(old, ignore_index=True)
    t_old = time.perf_counter() - start

    start = time.perf_counter()
    new = scan_records(model, records, ids, verbose=0)
    t_new = time.perf_counter() - start

    pd.testing.assert_frame_equal(old.drop(columns="score"), new.drop(columns="score"))
    assert np.allclose(old.score, new.score, atol=1e-5), "the scores differ"
    print(
        f"{len(records)} records of {lengths.min()}-{lengths.max()} nt, {len(new)} windows "
        f"(window {args.window}, both strands)"
    )
    print(f"per record (scan on each):      {t_old:8.2f} s")
    print(f"all records (scan_records):     {t_new:8.2f} s")
    print(f"ratio old / new:                {t_old / t_new:8.1f}x  (target: >= 20x)")


if __name__ == "__main__":
    main()
