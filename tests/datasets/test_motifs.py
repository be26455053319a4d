import numpy as np
import pytest

from skseq.datasets import RBP_NAMES, consensus_to_ppm, rbp_consensus_motifs


def test_consensus_to_ppm_spreads_iupac_codes():
    ppm = consensus_to_ppm("UGHN")
    assert list(ppm.columns) == list("ACGU")
    np.testing.assert_allclose(ppm.sum(axis=1), 1.0)
    np.testing.assert_allclose(ppm.iloc[0], [0, 0, 0, 1])
    np.testing.assert_allclose(ppm.iloc[2], [1 / 3, 1 / 3, 0, 1 / 3])
    np.testing.assert_allclose(ppm.iloc[3], [0.25] * 4)
    np.testing.assert_allclose(consensus_to_ppm("t"), consensus_to_ppm("U"))


@pytest.mark.parametrize("bad", ["", "ACZ", None])
def test_consensus_to_ppm_rejects_bad_codes(bad):
    with pytest.raises(ValueError, match="consensus|IUPAC"):
        consensus_to_ppm(bad)


def test_rbp_consensus_motifs_cover_the_benchmark_proteins():
    db = rbp_consensus_motifs()
    names = {key.split()[0] for key in db}
    assert names <= set(RBP_NAMES) and "PUM2" in names and "TAF2N" not in names
    assert db["PUM2 UGUAHAUA"].shape == (8, 4)


def test_pum2_kernel_matches_the_pum2_consensus():
    # A PPM that is the PUM2 site itself must find PUM2 as its best TomTom match.
    from skseq.inspection import match_motifs

    query = {"kernel_0": consensus_to_ppm("UGUAAAUA")}
    table = match_motifs(query, rbp_consensus_motifs(), n_best=1)
    assert table["target_id"].iloc[0].startswith("PUM2")
