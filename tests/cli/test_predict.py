"""``skseq predict`` (and scan): clean TSV on stdout, and a clear error for a wrong model file."""

import io

import pandas as pd
import pytest
from click.testing import CliRunner

from skseq.cli import main


@pytest.fixture
def verbose_model(fasta_pair, tmp_path):
    """A tiny CNN trained with -v: its saved ``verbose`` makes Keras print progress."""
    model = tmp_path / "verbose.skseq"
    tiny = ["--set", "epochs=1", "--set", "n_filters=4", "--set", "dense_units=8"]
    result = CliRunner().invoke(main, ["train", *fasta_pair, *tiny, "-v", "--out", str(model)])
    assert result.exit_code == 0, result.output
    return str(model)


def test_predictions_on_stdout_are_clean_tsv_whatever_the_saved_verbosity(
    verbose_model, fasta_pair
):
    for verbose in ([], ["-v"]):
        result = CliRunner().invoke(main, ["predict", verbose_model, *fasta_pair, *verbose])
        assert result.exit_code == 0, result.output
        table = pd.read_csv(io.StringIO(result.stdout), sep="\t")
        assert table.columns.tolist() == ["id", "prediction", "proba_0", "proba_1"]
        assert len(table) == 60 and table["proba_1"].between(0, 1).all()
        # progress only with predict's own -v, and then on stderr
        assert ("step" in result.stderr) == bool(verbose)
    result = CliRunner().invoke(main, ["scan", verbose_model, fasta_pair[0]])
    table = pd.read_csv(io.StringIO(result.stdout), sep="\t")
    assert table.columns.tolist() == ["seqid", "position", "end", "strand", "score"]
    assert len(table) == 60 and "step" not in result.stderr
