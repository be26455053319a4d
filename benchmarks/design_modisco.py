"""Speed of sequence design and of TF-MoDISco on 2,000 sequences of the bundled PUM2 set.

Trains a small CNN on pysster's PUM2 training split (bundled), then times, on 2,000 sequences
of 200 nt:

- ``design``: greedy in-silico evolution (every single-base mutant scored) and
  gradient-guided design, ``--rounds`` edits from 2,000 negatives;
- ``modisco``: saliency on 2,000 sequences (positives first) and modisco-lite on them, and
  whether the motif it finds matches PUM2's UGUAHAUA (TomTom against the bundled consensus
  motifs).

It prints sequences per second and the numbers, and writes them to
``benchmarks/results/design_modisco_n<N>.json`` with the machine's load average (the 2-core
machines here are shared: wall times scale with it).

    python benchmarks/design_modisco.py
    python benchmarks/design_modisco.py --n 300 --leiden-runs 50
"""

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from skseq import MotifInspector, SequenceCNNClassifier, SequenceOneHotTransformer  # noqa: E402
from skseq.datasets import load_rbp, rbp_consensus_motifs  # noqa: E402
from skseq.design import design  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "design_modisco.json"


def train(seed=0):
    data = load_rbp("PUM2")
    pipe = make_pipeline(
        SequenceOneHotTransformer(alphabet="RNA"),
        SequenceCNNClassifier(
            architecture="global_max",
            n_conv_layers=1,
            n_filters=32,
            kernel_size=12,
            dense_units=32,
            epochs=10,
            learning_rate=3e-3,
            validation_fraction=0,
            random_state=seed,
            verbose=0,
        ),
    )
    start = time.perf_counter()
    pipe.fit(data.sequences, data.target)
    return pipe, time.perf_counter() - start


def time_design(pipe, negatives, rounds):
    out = {}
    for method in ("evolution", "gradient"):
        start = time.perf_counter()
        result = design(pipe, negatives, method=method, n_rounds=rounds)
        seconds = time.perf_counter() - start
        out[method] = {
            "seconds": round(seconds, 1),
            "sequences_per_s": round(len(negatives) / seconds, 1),
            "mutants_scored": int(result.n_scored),
            "mutants_per_s": round(result.n_scored / seconds),
            "mean_start_score": round(float(result.start_scores.mean()), 3),
            "mean_score": round(float(result.scores.mean()), 3),
        }
        print(f"design {method}: {out[method]}", flush=True)
    return out


def time_modisco(pipe, test, n, leiden_runs):
    order = np.argsort(-test.target, kind="stable")[:n]  # positives first
    X, y = test.sequences[order], test.target[order]
    insp = MotifInspector(pipe, verbose=0).fit(test.sequences, test.target)
    start = time.perf_counter()
    result = insp.modisco(X, database=rbp_consensus_motifs(), n_leiden_runs=leiden_runs)
    seconds = time.perf_counter() - start
    table = result.table
    pum2 = table[table["best_match"].astype(str).str.startswith("UGUAHAUA")]
    out = {
        "seconds": round(seconds, 1),
        "n_leiden_runs": leiden_runs,
        "sequences": int(len(X)),
        "positives": int(y.sum()),
        "motifs": table[["motif", "sign", "n_seqlets", "consensus", "best_match"]]
        .astype(str)
        .to_dict("records"),
        "pum2_recovered": bool(len(pum2)),
        "pum2_match_p_value": float(pum2["match_p_value"].min()) if len(pum2) else None,
    }
    print(f"modisco: {seconds:.1f} s on {len(X)} sequences", flush=True)
    print(table.to_string(), flush=True)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="sequences designed / explained")
    parser.add_argument("--rounds", type=int, default=1, help="design rounds (edits)")
    parser.add_argument(
        "--leiden-runs", type=int, default=10, help="TF-MoDISco's n_leiden_runs (its default 50)"
    )
    args = parser.parse_args()
    pipe, fit_seconds = train()
    test = load_rbp("PUM2", split="test")
    pool = load_rbp("PUM2")
    # pysster's negatives hold runs of N, which design does not edit: start from clean ones
    clean = np.char.find(pool.sequences.astype(str), "N") < 0
    negatives = pool.sequences[(pool.target == 0) & clean][: args.n]
    print(
        f"trained in {fit_seconds:.1f} s; test accuracy {pipe.score(test.sequences, test.target):.3f}"
    )
    report = {
        "n": args.n,
        "fit_seconds": round(fit_seconds, 1),
        "design": time_design(pipe, negatives, args.rounds),
        "modisco": time_modisco(pipe, test, args.n, args.leiden_runs),
        "load_average_1min": round(os.getloadavg()[0], 1),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    results = RESULTS.with_name(f"design_modisco_n{args.n}.json")
    results.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {results}")


if __name__ == "__main__":
    main()
