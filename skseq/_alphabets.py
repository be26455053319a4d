"""Sequence alphabets and the character lookup tables that encoders build from them.

An :class:`Alphabet` is the ordered set of symbols that become channels, plus the wildcard
symbols that are accepted but stand for "any symbol" (``N`` in DNA and RNA, ``X`` in
proteins) and synonyms (``U`` read as ``T`` in DNA). :func:`resolve_alphabet` turns the
user-facing ``alphabet=`` argument ("DNA", "RNA", "protein" or a string of symbols) into one.

:meth:`Alphabet.lookup_table` maps Unicode code points to small integer codes so that a whole
array of sequences, viewed as ``uint32`` code points, is translated with one ``np.take``:

- ``0 .. n_symbols - 1``: the channel of a symbol,
- ``ZERO`` (``n_symbols``): an all-zero row (padding, and wildcards or unknown symbols encoded
  as zeros),
- ``UNIFORM`` (``n_symbols + 1``): a row of ``1 / n_symbols`` everywhere,
- ``UNKNOWN`` (255): a symbol outside the alphabet that should raise an error.

Code point 0 is what numpy pads fixed-width strings with, so it always maps to ``ZERO``.

:data:`IUPAC_COMPLEMENT` is the one table of nucleotide complements; an alphabet's
:attr:`Alphabet.complement` and :attr:`Alphabet.complement_channels` are read from it, and so
are the reverse complements of strings and of encoded arrays in :mod:`skseq._complement`.
"""

from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "IUPAC_COMPLEMENT",
    "MFE_CONTEXTS",
    "NAMED_ALPHABETS",
    "PROBABILITY_CONTEXTS",
    "UNKNOWN",
    "Alphabet",
    "resolve_alphabet",
]

#: Lookup code of a symbol that is not in the alphabet (``handle_unknown="error"``).
UNKNOWN = 255
#: Largest alphabet the uint8 lookup codes can hold (channels + ZERO + UNIFORM < UNKNOWN).
MAX_SYMBOLS = UNKNOWN - 2

DNA = "ACGT"
RNA = "ACGU"
PROTEIN = "ACDEFGHIKLMNPQRSTVWY"  # the 20 standard amino acids, in alphabetical order

#: Structural contexts of a single (MFE or given) structure, one channel each, with pysster's
#: letters (pysster annotates with forgi): paired/stem, hairpin loop, internal loop or bulge,
#: multiloop, unpaired 5' end, unpaired 3' end. Unpaired stretches of the exterior loop
#: *between* two stems count as multiloop, as in forgi and pysster.
MFE_CONTEXTS = ("S", "H", "I", "M", "F", "T")
#: Contexts of the ensemble (partition function) modes: probability of being paired, and of
#: being unpaired in a hairpin, internal, multi- or exterior loop. They sum to one per position.
PROBABILITY_CONTEXTS = ("S", "H", "I", "M", "E")
#: Symbols ViennaRNA folds (after upper-casing); ``N`` pairs with nothing.
FOLDABLE = RNA + "N"

#: Complement of every IUPAC nucleotide code, upper and lower case (``-``, a gap, is its own).
#: ``A`` pairs with ``T`` here; in RNA (an alphabet or sequence with ``U`` and no ``T``) it
#: pairs with ``U``, see :func:`complement_of`.
IUPAC_COMPLEMENT = dict(
    zip(
        "ACGTURYKMSWBDHVN-" + "acgturykmswbdhvn",
        "TGCAAYRMKSWVHDBN-" + "tgcaayrmkswvhdbn",
    )
)
_RNA_COMPLEMENT = {**IUPAC_COMPLEMENT, "A": "U", "a": "u"}


def complement_of(symbol, rna=False):
    """The IUPAC complement of one symbol (case kept), or None when it has none.

    Parameters
    ----------
    symbol : str
    rna : bool, default=False
        Pair ``A`` with ``U`` instead of ``T``.

    Examples
    --------
    >>> from skseq._alphabets import complement_of
    >>> complement_of("R"), complement_of("a"), complement_of("A", rna=True), complement_of("X")
    ('Y', 't', 'U', None)
    """
    return (_RNA_COMPLEMENT if rna else IUPAC_COMPLEMENT).get(symbol)


#: Named alphabets: (symbols, default wildcards). Names are matched case-insensitively.
NAMED_ALPHABETS = {
    "dna": (DNA, "N"),
    "rna": (RNA, "N"),
    "protein": (PROTEIN, "X"),
}


@dataclass(frozen=True)
class Alphabet:
    """An ordered set of symbols (one channel each), wildcards and input synonyms.

    Parameters
    ----------
    symbols : str
        The symbols, in channel order.
    wildcards : str, default=""
        Symbols accepted in input that stand for any symbol; they get no channel of their own.
    synonyms : dict of str to str, default={}
        Extra input symbols read as one of ``symbols`` (e.g. ``{"U": "T"}`` for DNA).

    Examples
    --------
    >>> from skseq._alphabets import Alphabet
    >>> abc = Alphabet("ACGT", wildcards="N", synonyms={"U": "T"})
    >>> table = abc.lookup_table(uppercase=True)
    >>> [int(table[ord(c)]) for c in "AcgtUN"]
    [0, 1, 2, 3, 3, 4]
    >>> int(table[min(ord("X"), len(table) - 1)])  # unknown (codes past the end are clipped)
    255

    The complement is read from the symbols, in any order:

    >>> Alphabet("ACTG").complement, Alphabet("ACTG").complement_channels
    ('TGAC', (2, 3, 0, 1))
    >>> Alphabet("ACGU").complement, Alphabet("HIMS").complement_channels
    ('UGCA', None)
    """

    symbols: str
    wildcards: str = ""
    synonyms: dict = field(default_factory=dict)

    @property
    def zero(self):
        """Lookup code of an all-zero row."""
        return len(self.symbols)

    @property
    def uniform(self):
        """Lookup code of a row of ``1 / n_symbols``."""
        return len(self.symbols) + 1

    @property
    def complement(self):
        """The complement symbol of each channel, in channel order (a str), or None.

        ``A`` pairs with ``T``, or with ``U`` in an alphabet that has ``U`` and no ``T``
        (RNA); IUPAC codes pair as in :data:`IUPAC_COMPLEMENT`. None when some symbol has
        no complement in the alphabet (protein, structure contexts, any other symbols), or
        two symbols would share one (``"ACGTU"``): the channels are then no permutation of
        each other.
        """
        rna = "T" not in self.symbols and "t" not in self.symbols
        paired = [complement_of(symbol, rna=rna) for symbol in self.symbols]
        if any(c is None or c not in self.symbols for c in paired):
            return None
        if len(set(paired)) != len(paired):
            return None
        return "".join(paired)

    @property
    def complement_channels(self):
        """For each channel, the channel of its complement (a tuple of int), or None.

        What a reverse complement of encoded sequences permutes the channels by:
        ``(3, 2, 1, 0)`` for ``ACGT``, ``(2, 3, 0, 1)`` for ``ACTG``; None as for
        :attr:`complement`.
        """
        paired = self.complement
        if paired is None:
            return None
        return tuple(self.symbols.index(c) for c in paired)

    def lookup_table(self, *, uppercase=True, unknown="error", wildcard="zeros"):
        """Lookup codes indexed by code point, for ``np.take(table, codes, mode="clip")``.

        The table ends one past the largest code point it knows; that last entry holds the
        code for unknown symbols, so clipping maps every larger code point to "unknown".

        Parameters
        ----------
        uppercase : bool, default=True
            Also map the lower-case form of every symbol, wildcard and synonym.
        unknown : {"error", "zeros", "uniform"}, default="error"
            Code for symbols outside the alphabet.
        wildcard : {"zeros", "uniform"}, default="zeros"
            Code for wildcard symbols.

        Returns
        -------
        ndarray of uint8
        """
        codes = {"error": UNKNOWN, "zeros": self.zero, "uniform": self.uniform}
        mapping = {symbol: i for i, symbol in enumerate(self.symbols)}
        mapping.update({w: codes[wildcard] for w in self.wildcards})
        mapping.update({s: mapping[target] for s, target in self.synonyms.items()})
        if uppercase:
            for symbol, code in list(mapping.items()):
                lower = symbol.lower()
                if len(lower) == 1 and lower not in mapping:
                    mapping[lower] = code
        table = np.full(max(map(ord, mapping)) + 2, codes[unknown], dtype=np.uint8)
        for symbol, code in mapping.items():
            table[ord(symbol)] = code
        table[0] = self.zero  # numpy's padding of fixed-width strings
        return table


def resolve_alphabet(alphabet, *, wildcards="auto", convert_u_t=True, uppercase=True):
    """Build an :class:`Alphabet` from an estimator's ``alphabet=`` argument.

    Parameters
    ----------
    alphabet : str
        ``"DNA"`` (ACGT), ``"RNA"`` (ACGU), ``"protein"`` (the 20 amino acids), matched
        case-insensitively, or any other string of distinct single-character symbols.
    wildcards : str or None, default="auto"
        ``"auto"``: ``N`` for DNA and RNA, ``X`` for protein, none for other alphabets.
        A string gives the wildcard symbols; ``None`` or ``""`` means none.
    convert_u_t : bool, default=True
        For DNA read ``U`` as ``T``, for RNA read ``T`` as ``U``. Ignored for other alphabets.
    uppercase : bool, default=True
        Upper-case the alphabet's symbols (input is then matched case-insensitively).

    Returns
    -------
    Alphabet

    Raises
    ------
    ValueError
        If the alphabet is empty, has repeated symbols, too many symbols, or wildcards that
        are also symbols; or if it is a near miss of a name (``"rna2"``, ``"protien"``,
        ``"amino"``), naming the alphabet meant.

    Examples
    --------
    >>> from skseq._alphabets import resolve_alphabet
    >>> resolve_alphabet("RNA")
    Alphabet(symbols='ACGU', wildcards='N', synonyms={'T': 'U'})
    >>> resolve_alphabet("hims").symbols
    'HIMS'
    """
    named = NAMED_ALPHABETS.get(alphabet.lower())
    if named is None:
        # a near miss of a name ("rna2", "protien", "amino") is not a string of symbols: say
        # so now, not at the first sequence it cannot encode (or silently, as zeros)
        from difflib import get_close_matches

        word = "".join(c for c in alphabet.lower() if c.isalpha())
        synonyms = dict.fromkeys(("amino", "aminoacid", "aminoacids", "peptide"), "protein")
        guess = synonyms.get(word) or next(
            iter(get_close_matches(word, list(NAMED_ALPHABETS), n=1, cutoff=0.6)), None
        )
        if len(word) >= 3 and guess is not None:
            shown = guess.upper() if len(guess) <= 3 else guess
            raise ValueError(
                f"alphabet {alphabet!r} is not a known name; did you mean {shown!r} (symbols "
                f"{NAMED_ALPHABETS[guess][0]!r})? Give alphabet={shown!r}, or the symbols "
                "themselves as one string"
            )
        symbols, default_wildcards = (alphabet.upper() if uppercase else alphabet), ""
    else:
        symbols, default_wildcards = named
    if wildcards == "auto":
        wildcards = default_wildcards
    wildcards = (wildcards or "").upper() if uppercase else (wildcards or "")

    if not symbols:
        raise ValueError("alphabet is empty; give 'DNA', 'RNA', 'protein' or a string of symbols")
    if "\x00" in symbols + wildcards:
        raise ValueError("alphabet and wildcards cannot contain the NUL character")
    repeated = sorted({s for s in symbols if symbols.count(s) > 1})
    if repeated:
        raise ValueError(
            f"alphabet {alphabet!r} repeats the symbol(s) {''.join(repeated)!r}"
            + (" (after upper-casing; set uppercase=False to keep case)" if uppercase else "")
        )
    if len(symbols) > MAX_SYMBOLS:
        raise ValueError(
            f"alphabet has {len(symbols)} symbols; at most {MAX_SYMBOLS} are supported"
        )
    clash = sorted(set(wildcards) & set(symbols))
    if clash:
        raise ValueError(
            f"wildcards {wildcards!r} overlap the alphabet {symbols!r} in {''.join(clash)!r}"
        )

    synonyms = {}
    if convert_u_t and named is not None and alphabet.lower() in ("dna", "rna"):
        synonyms = {"U": "T"} if "T" in symbols else {"T": "U"}
    return Alphabet(symbols, wildcards, synonyms)
