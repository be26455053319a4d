"""Seeding shared by every network estimator (the CNNs and the language models).

Keras is imported only when :func:`seeded` runs, so this module stays importable without it.
"""

import contextlib
import random
from numbers import Integral

import numpy as np
from sklearn.utils import check_random_state

__all__ = ["seed_from", "seeded"]


def seed_from(random_state):
    """An int seed from an sklearn ``random_state`` (an int, a RandomState or None).

    Parameters
    ----------
    random_state : int, RandomState instance or None
        An int is returned as it is; a RandomState (or None, numpy's global one) draws one.

    Returns
    -------
    int

    Examples
    --------
    >>> import numpy as np
    >>> seed_from(7)
    7
    >>> seed_from(np.random.RandomState(0)) == seed_from(np.random.RandomState(0))
    True
    """
    if isinstance(random_state, Integral):
        return int(random_state)
    return int(check_random_state(random_state).randint(np.iinfo(np.int32).max))


@contextlib.contextmanager
def seeded(seed):
    """Seed Python, numpy and the Keras backend; restore Python's and numpy's global state.

    Parameters
    ----------
    seed : int

    Examples
    --------
    >>> import numpy as np
    >>> before = np.random.get_state()[1]
    >>> with seeded(0):
    ...     first = np.random.rand()
    >>> with seeded(0):
    ...     again = np.random.rand()
    >>> bool(first == again), bool((np.random.get_state()[1] == before).all())
    (True, True)
    """
    import keras

    py_state, np_state = random.getstate(), np.random.get_state()
    keras.utils.set_random_seed(seed)
    try:
        yield
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)
