"""One pysster 1.2.2 run, for benchmarks/vs_pysster.py; runs on Python 3.7 with TF 1.15.

    python _pysster_job.py DATA_DIR NAME SEED   ->  prints one JSON line: seconds, roc_auc

Trains pysster's default model (kernel_len=8, as its RBP benchmark) on the train files, 80 %
for training and 20 % for validation (early stopping), and scores the test files once. The
clock runs from reading the FASTA files to the test predictions, as on the skseq side.
"""

import json
import os
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main(data_dir, name, seed):
    import gzip

    import numpy as np

    start = time.perf_counter()
    from pysster.Data import Data
    from pysster.Model import Model

    # pysster reads one file per class and splits at random; to score on the official test
    # files, both splits of a class go into one temporary file and the splits are set by index
    tmp = tempfile.mkdtemp()
    files, counts = [], {}
    for label in ("negative", "positive"):
        path = os.path.join(tmp, label + ".fasta")
        with open(path, "w") as out:
            for split in ("train", "test"):
                src = os.path.join(data_dir, f"{name}.{split}.{label}.fasta.gz")
                with gzip.open(src, "rt") as handle:
                    text = handle.read()
                counts[label, split] = text.count(">")
                out.write(text if text.endswith("\n") else text + "\n")
        files.append(path)
    data = Data(files, "ACGU")
    n_neg_train, n_neg_test = counts["negative", "train"], counts["negative", "test"]
    n_pos_train = counts["positive", "train"]
    neg = n_neg_train + n_neg_test
    train = np.concatenate([np.arange(n_neg_train), neg + np.arange(n_pos_train)])
    test = np.concatenate(
        [np.arange(n_neg_train, neg), np.arange(neg + n_pos_train, len(data.data))]
    )
    rng = np.random.RandomState(seed)
    train = rng.permutation(train)
    cut = int(0.8 * len(train))
    data.splits = {"train": train[:cut], "val": train[cut:], "test": test}

    model = Model({"kernel_len": 8}, data, seed=seed)
    model.train(data, verbose=False)
    proba = model.predict(data, "test")
    seconds = time.perf_counter() - start

    from sklearn.metrics import roc_auc_score

    labels = data.get_labels("test")
    auc = roc_auc_score(labels[:, 1], proba[:, 1])
    print(json.dumps({"seconds": seconds, "roc_auc": auc, "n_test": int(len(test))}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2].lower(), int(sys.argv[3]))
