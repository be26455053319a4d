"""One skseq run, for benchmarks/vs_pysster.py: the same job as _pysster_job.py.

    python _skseq_job.py DATA_DIR NAME SEED [PARAMS_JSON]  ->  one JSON line: seconds, roc_auc

Reads the train and test FASTA files, fits the default pipeline (one-hot RNA + the default
``SequenceCNNClassifier``, early stopping on 20 % of the train files) and scores the test
files. The clock starts before skseq is imported, as pysster's does.
"""

import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main(data_dir, name, seed, params):
    start = time.perf_counter()
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline

    from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
    from skseq.io import read_fasta

    def load(split):
        return read_fasta(
            [
                os.path.join(data_dir, f"{name}.{split}.{label}.fasta.gz")
                for label in ("negative", "positive")
            ]
        )

    train, test = load("train"), load("test")
    pipe = make_pipeline(
        SequenceOneHotTransformer(alphabet="RNA"),
        SequenceCNNClassifier(random_state=seed, **params),
    )
    pipe.fit(train.sequences, train.target)
    proba = pipe.predict_proba(test.sequences)[:, 1]
    seconds = time.perf_counter() - start
    auc = roc_auc_score(test.target, proba)
    print(json.dumps({"seconds": seconds, "roc_auc": auc, "n_test": len(test.target)}))


if __name__ == "__main__":
    extra = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
    main(sys.argv[1], sys.argv[2].lower(), int(sys.argv[3]), extra)
