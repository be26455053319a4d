"""A misspelled alphabet name is an error at once, not a string of symbols."""

import pytest

from skseq import SequenceOneHotTransformer
from skseq._alphabets import resolve_alphabet

PROTEIN_LETTERS = "ACDEFGHIKLMNPQRSTVWY"


@pytest.mark.parametrize(
    "name, suggestion",
    [
        ("rna2", "RNA"),
        ("dna4", "DNA"),
        ("DNA_", "DNA"),
        (" dna", "DNA"),
        ("dan", "DNA"),
        ("RNAseq", "RNA"),
        ("prot", "protein"),
        ("protien", "protein"),
        ("Proteins", "protein"),
        ("amino", "protein"),
        ("amino_acids", "protein"),
    ],
)
def test_near_miss_of_a_known_name_suggests_it(name, suggestion):
    with pytest.raises(ValueError, match=rf"alphabet {name!r} .*did you mean {suggestion!r}"):
        resolve_alphabet(name)


def test_the_suggestion_shows_the_symbols_too():
    with pytest.raises(ValueError, match="'ACGU'"):
        resolve_alphabet("rna2")


def test_transformer_refuses_a_misspelled_alphabet_before_encoding():
    # with handle_unknown="zeros" "rna2" used to encode every C and G as zeros, silently
    with pytest.raises(ValueError, match="did you mean 'RNA'"):
        SequenceOneHotTransformer(alphabet="rna2", handle_unknown="zeros").fit(["ACGU", "GGCU"])


@pytest.mark.parametrize(
    "symbols",
    [
        "ACGT",
        "ACGU",
        "ACTG",
        "TGCA",
        "ACGTN",
        "HIMS",
        "hims",
        "SHIME",
        "ACGTRYKMSWBDHVN",
        PROTEIN_LETTERS,
        "ARNDCQEGHILKMFPSTWYV",
        "01",
        "0123",
        "ACGT0",
        "().",
    ],
)
def test_symbol_strings_keep_working(symbols):
    assert resolve_alphabet(symbols).symbols == symbols.upper()


@pytest.mark.parametrize("name, symbols", [("DNA", "ACGT"), ("rna", "ACGU"), ("Protein", None)])
def test_names_still_resolve(name, symbols):
    assert resolve_alphabet(name).symbols == (symbols or PROTEIN_LETTERS)
