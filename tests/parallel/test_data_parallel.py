"""One fit over two devices (Keras DataParallel on JAX), in a subprocess with 2 CPU devices.

JAX fixes its device count when it starts and Keras its backend when imported, so the
checks run in a fresh interpreter with ``KERAS_BACKEND=jax`` and
``XLA_FLAGS=--xla_force_host_platform_device_count=2``; it prints its findings as JSON.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("jax", reason="the jax extra (installed with skseq[dev]) runs this test")

SCRIPT = textwrap.dedent(
    """
    import json
    import keras
    import numpy as np
    from skseq.models import SequenceCNNClassifier
    from skseq.parallel import data_parallel, device_count

    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(301, 24))]
    y = rng.integers(0, 2, size=301)
    X[y == 1, 10:14] = np.eye(4, dtype=np.uint8)[[0, 1, 2, 3]]  # a planted motif: learnable
    small = dict(n_conv_layers=1, n_filters=4, kernel_size=4, dense_units=8)
    out = {}

    with data_parallel() as distribution:
        out["devices"] = device_count()
        clf = SequenceCNNClassifier(
            **small, epochs=6, batch_size=32, learning_rate=1e-2, patience=None,
            lr_patience=None, random_state=0,
        ).fit(X, y)
        out["variable_devices"] = sorted(
            {len(v.value.sharding.device_set) for v in clf.model_.variables}
        )
        out["loss"] = clf.history_["loss"]
        out["proba_inside"] = clf.predict_proba(X[:7]).tolist()
    out["proba_outside"] = clf.predict_proba(X[:7]).tolist()
    out["distribution"] = type(distribution).__name__

    # one full-batch step on 101 sequences (odd: the batch is padded for 2 devices)
    one_step = dict(
        small, epochs=1, batch_size=512, validation_fraction=0, dropout_input=0,
        dropout_conv=0, dropout_dense=0, patience=None, lr_patience=None, random_state=1,
    )

    class Start(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.weights = self.model.get_weights()

    start = Start()
    single = SequenceCNNClassifier(**one_step).fit(X[:101], y[:101], callbacks=[start])
    with data_parallel():
        double = SequenceCNNClassifier(**one_step).fit(X[:101], y[:101])
    def largest_difference(first, second):
        return max(float(np.max(np.abs(a - b))) for a, b in zip(first, second))

    out["step_diff"] = largest_difference(single.model_.get_weights(), double.model_.get_weights())
    out["step_change"] = largest_difference(single.model_.get_weights(), start.weights)
    out["losses"] = [single.history_["loss"][0], double.history_["loss"][0]]
    print("RESULT", json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def result():
    env = dict(
        os.environ,
        KERAS_BACKEND="jax",
        # less contention for XLA's shared thread pool: on a loaded machine a device that
        # waits past XLA's 40 s limit for the other at an all-reduce aborts the process
        XLA_FLAGS="--xla_force_host_platform_device_count=2 --xla_cpu_multi_thread_eigen=false",
        JAX_PLATFORMS="cpu",
    )
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=600
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    assert run.returncode == 0 and lines, run.stderr[-3000:]
    return json.loads(lines[-1][len("RESULT ") :])


def test_variables_live_on_both_devices(result):
    assert result["distribution"] == "DataParallel"
    assert result["devices"] == 2
    assert result["variable_devices"] == [2]  # every variable replicated on both devices


def test_training_on_two_devices_reduces_the_loss(result):
    loss = result["loss"]
    assert len(loss) == 6
    assert loss[-1] < 0.7 * loss[0], loss


def test_predictions_of_a_partial_batch_inside_and_outside_the_block_agree(result):
    inside, outside = result["proba_inside"], result["proba_outside"]
    assert len(inside) == 7
    assert max(abs(a - b) for r, s in zip(inside, outside) for a, b in zip(r, s)) < 1e-5


def test_one_step_matches_a_single_device_step(result):
    # the step moved the weights by far more than the two runs differ
    assert result["step_change"] > 1e-3
    assert result["step_diff"] < 1e-5, result["step_diff"]
    single, double = result["losses"]
    assert abs(single - double) < 1e-5
