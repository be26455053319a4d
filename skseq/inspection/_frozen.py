"""What a MotifInspector keeps from ``fit``: the network as the attribution verbs take it."""

import hashlib

import numpy as np


class InspectedNetwork:
    """What the attribution verbs need of the inspected estimator, frozen at ``fit``."""

    _skseq_network = True  # skseq.utils.find_network treats it as a fitted skseq estimator

    def __init__(self, model, classes):
        self.model_ = model
        if classes is not None:
            self.classes_ = classes


def fingerprint(model):
    """A digest of the network's weights: tells whether it was trained further in place."""
    digest = hashlib.blake2b(digest_size=16)
    for v in model.weights:
        digest.update(np.ascontiguousarray(v.numpy()).tobytes())
    return digest.hexdigest()
