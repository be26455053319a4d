"""A MEME letter-probability matrix holds probabilities: each row sums to 1 (as rounded)."""

import re

import numpy as np
import pandas as pd
import pytest

from skseq.io import read_meme, write_meme

HEAD = (
    "MEME version 4\n\nALPHABET= ACGT\n\nMOTIF m1 PUM\n\n"
    "letter-probability matrix: alength= 4 w= 3\n"
)


def meme(tmp_path, rows, head=HEAD):
    path = tmp_path / "motifs.meme"
    path.write_text(head + "".join(row + "\n" for row in rows))
    return path


def matrix_line(row):
    """The line of matrix row ``row`` (1-based) in a file written by :func:`meme`."""
    return HEAD.count("\n") + row


@pytest.mark.parametrize(
    "row, total",
    [("0.5 0.5 0.5 0.5", "2"), ("1 1 0 0", "2"), ("0.25 0.25 0 0", "0.5")],
)
def test_row_not_summing_to_1_names_file_motif_row_and_line(tmp_path, row, total):
    path = meme(tmp_path, ["0.25 0.25 0.25 0.25", row, "1 0 0 0"])
    with pytest.raises(ValueError) as info:
        read_meme(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line {matrix_line(2)}: "), message
    assert re.search(rf"motif 'm1 PUM', row 2 sums to {re.escape(total)}\b", message), message


def test_counts_instead_of_probabilities_are_named(tmp_path):
    path = meme(tmp_path, ["10 0 0 2", "0 12 0 0", "0 0 12 0"])
    with pytest.raises(ValueError, match=r"row 1 sums to 12\b.*counts"):
        read_meme(path)


def test_rounded_rows_are_kept_as_written(tmp_path):
    rows = ["0.333 0.333 0.333 0.000", "0.250 0.250 0.250 0.251", "0.997 0.001 0.001 0.000"]
    got = read_meme(meme(tmp_path, rows))["m1 PUM"]
    assert got.values.tolist() == [[float(v) for v in r.split()] for r in rows]


def test_protein_rows_rounded_to_6_decimals_are_accepted(tmp_path):
    rng = np.random.default_rng(0)
    ppm = pd.DataFrame(rng.dirichlet(np.ones(20), size=5), columns=list("ACDEFGHIKLMNPQRSTVWY"))
    path = tmp_path / "protein.meme"
    write_meme(path, {"p1": ppm})
    np.testing.assert_allclose(read_meme(path)["p1"].values, ppm.values, atol=1e-6)


@pytest.mark.parametrize(
    "value, shown", [("-0.25", "-0.25"), ("nan", "nan"), ("NaN", "nan"), ("inf", "inf")]
)
def test_negative_and_non_finite_values_name_the_line(tmp_path, value, shown):
    path = meme(tmp_path, ["0.25 0.25 0.25 0.25", f"0.5 0.5 {value} 0.25", "1 0 0 0"])
    with pytest.raises(ValueError) as info:
        read_meme(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line {matrix_line(2)}: motif 'm1 PUM'"), message
    assert f"value {shown}" in message
