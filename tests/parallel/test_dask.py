"""scikit-learn's model selection with skseq pipelines on a Dask cluster (joblib's dask backend).

The test starts a ``distributed.LocalCluster`` of 2 worker processes of 1 thread each, and
stops it. Workers receive the estimators and data as task arguments and the client's Keras
backend through :class:`skseq.parallel.KerasWorkerSettings`, which also limits each backend to
the worker's one core.
"""

import joblib
import numpy as np
import pytest
from optuna.distributions import IntDistribution
from sklearn.model_selection import GridSearchCV, cross_val_score, cross_validate
from sklearn.pipeline import make_pipeline

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.datasets import make_motif_sequences
from skseq.parallel import KerasWorkerSettings, backend_threads
from skseq.tuning import SequenceSearchCV

distributed = pytest.importorskip("distributed", reason="skseq[dev] installs dask[distributed]")

STEP = "sequencecnnclassifier"


def tiny_pipeline():
    cnn = SequenceCNNClassifier(
        n_conv_layers=1,
        n_filters=4,
        dense_units=8,
        epochs=2,
        batch_size=32,
        patience=None,
        random_state=0,
    )
    return make_pipeline(SequenceOneHotTransformer(alphabet="DNA"), cnn)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        local_directory=str(tmp_path_factory.mktemp("dask")),
    )
    client = distributed.Client(cluster)
    try:
        client.register_plugin(KerasWorkerSettings())
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture(scope="module")
def data():
    X, y = make_motif_sequences(80, 30, motifs="TGCATG", random_state=0)
    return np.asarray(X), np.asarray(y)


def test_workers_run_the_clients_backend_on_one_thread_each(client):
    settings = client.run(backend_threads)
    assert len(settings) == 2
    import keras

    assert all(s == {"backend": keras.backend.backend(), "threads": 1} for s in settings.values())


def test_cross_validate_and_grid_search_run_on_both_workers(client, data):
    X, y = data
    with distributed.get_task_stream(client) as tasks, joblib.parallel_backend("dask"):
        result = cross_validate(tiny_pipeline(), X, y, cv=2, n_jobs=2, return_estimator=True)
        grid = GridSearchCV(
            tiny_pipeline(), {f"{STEP}__n_filters": [2, 3]}, cv=2, n_jobs=2, refit=False
        ).fit(X, y)
    assert len({task["worker"] for task in tasks.data}) == 2
    # the workers trained the estimator they were given on the data they were given
    for fitted in result["estimator"]:
        cnn = fitted[-1]
        assert cnn.input_shape_ == (30, 4) and cnn.n_epochs_ == 2
        assert cnn.model_.get_layer("conv_1").kernel.shape[-1] == 4
    scores = np.r_[result["test_score"], grid.cv_results_["mean_test_score"]]
    assert ((scores >= 0) & (scores <= 1)).all()
    assert [p[f"{STEP}__n_filters"] for p in grid.cv_results_["params"]] == [2, 3]


def test_sequence_search_cv_runs_per_fold_on_the_workers(client, data):
    X, y = data
    search = SequenceSearchCV(
        tiny_pipeline(),
        {f"{STEP}__n_filters": IntDistribution(2, 8)},
        cv=2,
        n_trials=2,
        random_state=0,
    )
    with distributed.get_task_stream(client) as tasks, joblib.parallel_backend("dask"):
        scores = cross_val_score(search, X, y, cv=2, n_jobs=2)
    assert len(tasks.data) >= 2
    assert scores.shape == (2,) and np.isfinite(scores).all()


def test_a_worker_on_another_backend_is_refused_by_name():
    class Worker:  # what setup reads of a distributed.Worker
        address = "tcp://10.0.0.7:4321"

    import keras

    other = "jax" if keras.backend.backend() != "jax" else "tensorflow"
    with pytest.raises(RuntimeError, match=rf"tcp://10\.0\.0\.7:4321 already runs Keras.*{other}"):
        KerasWorkerSettings(backend=other).setup(Worker())
    with pytest.raises(ValueError, match="threads must be an int >= 1, got 0"):
        KerasWorkerSettings(threads=0)
