"""A grammar of sequence rules, mirroring seqgra's data definition (its ``data-config.xsd``).

A :class:`Grammar` says how to simulate labelled sequences whose ground truth is known: a
:class:`Background` (length range, letter distributions), :class:`Condition` objects (the
classes or labels, each a list of :class:`Rule` objects), sequence elements
(:class:`MatrixElement` position probability matrices or :class:`KmerElement` weighted
k-mer lists), and the sets of examples to draw (:class:`Example`: how many sequences carry
which conditions). :meth:`Grammar.check` runs seqgra's semantic checks, raising errors.

:func:`skseq.datasets.load_grammar` reads seqgra's XML into this model, :func:`write_grammar`
writes it back, and :func:`skseq.datasets.make_grammar_sequences` simulates from it.
"""

from dataclasses import dataclass, field

import numpy as np

from ._grammar_checks import SEQUENCE_SPACES, check_grammar

__all__ = [
    "AlphabetDistribution",
    "Background",
    "Condition",
    "Example",
    "Grammar",
    "KmerElement",
    "MatrixElement",
    "Operation",
    "Rule",
    "SpacingConstraint",
]


@dataclass
class AlphabetDistribution:
    """Background letter probabilities, global or for one condition and/or one set.

    Parameters
    ----------
    letters : dict of str to float
        Probability of each letter (normalised to sum to 1 when sampling).
    condition : str or None, default=None
        Condition id this distribution is for; None for every condition.
    set_name : {"training", "validation", "test"} or None, default=None
        Set this distribution is for; None for every set.
    """

    letters: dict
    condition: str = None
    set_name: str = None


@dataclass
class Background:
    """Length range and letter distributions of the background sequence.

    Parameters
    ----------
    min_length, max_length : int
        Sequence lengths are drawn uniformly from ``[min_length, max_length]``.
    distributions : list of AlphabetDistribution
        Looked up per example like seqgra does: for the set and condition, else the set's,
        else the condition's, else the global one.
    """

    min_length: int
    max_length: int
    distributions: list = field(default_factory=list)


@dataclass
class SpacingConstraint:
    """Distance between two elements of one rule (gap from the end of one to the other's start).

    Parameters
    ----------
    element1, element2 : str
        Element ids.
    min_distance, max_distance : int
    order : {"in-order", "random"}, default="in-order"
        ``"in-order"`` puts ``element1`` first; ``"random"`` swaps them with probability 1/2.
    """

    element1: str
    element2: str
    min_distance: int
    max_distance: int
    order: str = "in-order"


@dataclass
class Rule:
    """Insert elements into a sequence, with a probability, at a position.

    Parameters
    ----------
    elements : list of str
        Element ids inserted together.
    position : {"random", "start", "center", "end"} or int, default="random"
        Where: an int is a 1-based start.
    probability : float, default=1.0
        Probability that the rule fires in an example.
    spacing : list of SpacingConstraint, default=[]
    """

    elements: list
    position: object = "random"
    probability: float = 1.0
    spacing: list = field(default_factory=list)


@dataclass
class Condition:
    """A class (multi-class task) or label (multi-label task): a grammar of rules.

    Parameters
    ----------
    id : str
    rules : list of Rule
    label, description : str, default=""
    mode : {"sequential", "mutually exclusive"}, default="sequential"
        Apply every rule in turn, or exactly one rule chosen with the rules' probabilities
        (none with the remaining probability).
    """

    id: str
    rules: list
    label: str = ""
    description: str = ""
    mode: str = "sequential"


@dataclass(eq=False)
class MatrixElement:
    """A position probability matrix: one letter distribution per position.

    Parameters
    ----------
    letters : str
        Column letters, in order.
    probabilities : array-like of shape (width, len(letters))
    """

    letters: str
    probabilities: object

    #: What the element is, compared instead of the class (robust to re-imported modules).
    kind = "matrix"

    def __post_init__(self):
        self.probabilities = np.asarray(self.probabilities, dtype=float)

    def __eq__(self, other):
        return (
            getattr(other, "kind", None) == "matrix"
            and self.letters == other.letters
            and np.array_equal(self.probabilities, other.probabilities)
        )

    @property
    def max_length(self):
        return len(self.probabilities)


@dataclass
class KmerElement:
    """Weighted k-mers: one is drawn per insertion.

    Parameters
    ----------
    kmers : dict of str to float
        Each k-mer with its probability.
    """

    kmers: dict

    kind = "kmer"

    @property
    def max_length(self):
        return max(len(k) for k in self.kmers)


@dataclass
class Example:
    """``samples`` sequences carrying the conditions ``conditions`` (none: background only)."""

    conditions: tuple
    samples: int

    def __post_init__(self):
        self.conditions = tuple(self.conditions)


@dataclass
class Operation:
    """A post-processing step (seqgra knows one: the k-mer-frequency-preserving shuffle).

    Shuffled copies of every example are added to each set, labelled ``labels`` (condition
    ids joined by ``|``; empty for background) and annotated as background.
    """

    name: str
    labels: str
    parameters: dict = field(default_factory=dict)


@dataclass
class Grammar:
    """A hypothesised model of regulation, from which labelled sequences are simulated.

    Parameters
    ----------
    background : Background
    conditions : list of Condition
    elements : dict of str to MatrixElement or KmerElement
    sets : dict of str to list of Example
        Keys ``"training"``, ``"validation"``, ``"test"``; the sizes are the default of
        :func:`~skseq.datasets.make_grammar_sequences`.
    task : str, default="multi-class classification"
    sequence_space : {"DNA", "RNA", "protein"}, default="DNA"
    postprocessing : list of Operation, default=[]
    id, name, description : str
    seed : int, default=0

    Examples
    --------
    >>> from skseq.datasets import (Background, AlphabetDistribution, Condition, Example,
    ...                             Grammar, KmerElement, Rule)
    >>> g = Grammar(
    ...     background=Background(20, 20, [AlphabetDistribution(dict(A=.25, C=.25, G=.25, T=.25))]),
    ...     conditions=[Condition("c1", [Rule(["se1"])]), Condition("c2", [Rule(["se2"])])],
    ...     elements={"se1": KmerElement({"TTTT": 1.0}), "se2": KmerElement({"GGGG": 1.0})},
    ...     sets={s: [Example(["c1"], 5), Example(["c2"], 5)]
    ...           for s in ("training", "validation", "test")})
    >>> g.check().condition_ids
    ['c1', 'c2']
    """

    background: Background
    conditions: list
    elements: dict
    sets: dict
    task: str = "multi-class classification"
    sequence_space: str = "DNA"
    postprocessing: list = field(default_factory=list)
    id: str = "grammar"
    name: str = ""
    description: str = ""
    seed: int = 0

    @property
    def condition_ids(self):
        return [c.id for c in self.conditions]

    @property
    def multilabel(self):
        return self.task == "multi-label classification"

    @property
    def symbols(self):
        """The letters of the sequence space, in channel order."""
        return SEQUENCE_SPACES[self.sequence_space.lower()][1]

    def condition(self, cid):
        for c in self.conditions:
            if c.id == cid:
                return c
        raise KeyError(f"grammar {self.id!r}: no condition with id {cid!r}")

    def check(self):
        """Run seqgra's semantic checks; raise ``ValueError`` naming the rule at fault.

        Returns
        -------
        self
        """
        check_grammar(self)
        return self
