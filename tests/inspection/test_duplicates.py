"""Kernels that learned one motif are grouped (TomTom), reverse complements included for DNA."""

import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import make_pipeline

from skseq import MotifInspector, SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.datasets import make_motif_sequences
from skseq.inspection import group_motifs

MOTIF, REVERSE = "GATTACAG", "CTGTAATC"


def _ppm(s, alphabet="ACGT"):
    return pd.DataFrame(
        np.eye(4)[[alphabet.index(c) for c in s]] * 0.9 + 0.025, columns=list(alphabet)
    )


def _random(n, seed=0, alphabet="ACGT"):
    rng = np.random.default_rng(seed)
    return {f"r{i}": _ppm("".join(rng.choice(list(alphabet), 8)), alphabet) for i in range(n)}


def test_shifted_and_reverse_complement_copies_are_one_group():
    motifs = _random(20)
    motifs.update(a=_ppm("T" + MOTIF), shifted=_ppm(MOTIF + "C"), rc=_ppm(REVERSE + "G"))
    groups = group_motifs(motifs, order=["a", "shifted", "rc"])
    first = groups.iloc[0]
    assert first["members"] == ["a", "shifted", "rc"]
    assert first["orientations"] == ["+", "+", "-"]
    assert (groups["size"].iloc[1:] == 1).all()  # random motifs stay alone
    assert sorted(m for ms in groups["members"] for m in ms) == sorted(motifs)


def test_rna_is_compared_on_its_own_strand_and_nan_stays_alone():
    rna = {k: v for k, v in _random(20, alphabet="ACGU").items()}
    rna["a"] = _ppm("GAUUACAG", "ACGU")
    rna["rc"] = _ppm("CUGUAAUC", "ACGU")
    rna["empty"] = pd.DataFrame(np.nan, index=range(8), columns=list("ACGU"))
    groups = group_motifs(rna, order=["a", "rc", "empty"])
    assert groups.iloc[0]["members"] == ["a"]
    assert len(groups) == len(rna)
    # the same motifs as DNA are one group
    dna = {k: v.rename(columns={"U": "T"}) for k, v in rna.items()}
    assert group_motifs(dna, order=["a", "rc"]).iloc[0]["members"] == ["a", "rc"]


def test_errors_before_any_work():
    with pytest.raises(ValueError, match="p_value must be a number in"):
        group_motifs(_random(3), p_value=2)
    with pytest.raises(ValueError, match="order names motifs not given"):
        group_motifs(_random(3), order=["nope"])


@pytest.fixture(scope="module")
def inspected():
    """A small CNN on a motif planted on either strand (class 1 forward, class 2 reverse)."""
    X, y = make_motif_sequences(1200, 40, [MOTIF, REVERSE], random_state=0)
    y = (y > 0).astype(int)
    pipe = make_pipeline(
        SequenceOneHotTransformer(),
        SequenceCNNClassifier(
            architecture="global_max",
            n_conv_layers=1,
            n_filters=12,
            kernel_size=10,
            dense_units=8,
            epochs=8,
            learning_rate=1e-2,
            dropout_input=0,
            dropout_conv=0,
            dropout_dense=0,
            validation_fraction=0,
            random_state=0,
            verbose=0,
        ),
    )
    pipe.fit(X[:900], y[:900])
    assert pipe.score(X[900:], y[900:]) > 0.9
    return MotifInspector(pipe, verbose=0).fit(X[900:], y[900:])


def _reads_motif(consensus):
    return "ATTAC" in consensus or "GTAAT" in consensus


def test_kernels_of_one_motif_share_a_group(inspected):
    insp = inspected
    groups = insp.kernel_groups()
    assert sorted(k for ks in groups["kernels"] for k in ks) == list(range(len(insp.motifs_)))
    readers = [k for k, c in enumerate(insp.consensus_) if _reads_motif(c)]
    assert len(readers) >= 2
    # every kernel whose consensus holds the motif (either strand) is in one group
    holding = [ks for ks in groups["kernels"] if set(readers) & set(ks)]
    assert len(holding) == 1 and set(readers) <= set(holding[0])
    row = groups[groups["kernels"].map(lambda ks: set(readers) <= set(ks))].iloc[0]
    # both strands were learned, and the group says which kernels read the other one
    strands = {
        o for k, o in zip(row["kernels"], row["orientations"]) if _reads_motif(insp.consensus_[k])
    }
    assert strands == {"+", "-"}
    assert len(groups) < len(insp.motifs_)


def test_report_shows_each_motif_once(inspected, tmp_path):
    insp = inspected
    groups = insp.kernel_groups()
    text = insp.report(tmp_path / "grouped").read_text()
    assert text.count("<section>") == len(groups)
    big = groups.iloc[int(np.argmax(groups["n_kernels"]))]
    assert "The same motif is read by kernels" in text
    assert f"kernel {big['kernel']}</h2>" in text
    for k in big["kernels"][1:]:
        assert f"kernel {k}</h2>" not in text
    every = insp.report(tmp_path / "every", top=3, group_duplicates=False).read_text()
    order = np.argsort(-insp.importance_, kind="stable")[:3]
    assert every.count("<section>") == 3
    assert all(f"kernel {k}</h2>" in every for k in order)
