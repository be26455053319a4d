"""Scores of what a model learned: rule recovery of a grammar's planted sites (seqgra's scores).

- :func:`rule_recovery_scores`: smooth and thresholded precision, recall, specificity, F1
  per class, from attributions and an annotation;
- :func:`importance_profile`: seqgra's normalised per-position importance;
- :func:`attribute_true_class`: attributions of each example for its own class;
- :class:`RuleRecoveryScorer` / :func:`make_rule_recovery_scorer`: a scorer for
  ``cross_validate``, ``learning_curve`` and searches.

Importing this package does not import Keras; the scorer imports it when it runs.
"""

from ._rule_recovery import example_scores, importance_profile, rule_recovery_scores
from ._scorer import RuleRecoveryScorer, attribute_true_class, make_rule_recovery_scorer

__all__ = [
    "RuleRecoveryScorer",
    "attribute_true_class",
    "example_scores",
    "importance_profile",
    "make_rule_recovery_scorer",
    "rule_recovery_scores",
]
