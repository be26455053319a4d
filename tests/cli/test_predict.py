"""``skseq predict`` (and scan): clean TSV on stdout, and a clear error for a wrong model file."""

import io

import pandas as pd
import pytest
from click.testing import CliRunner

from skseq.cli import main
from skseq.io import save
from skseq.preprocessing import SequenceOneHotTransformer


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


@pytest.mark.parametrize("command", ["predict", "scan", "inspect"])
def test_a_file_that_is_not_a_saved_model_is_one_line(command, fasta_pair, tmp_path):
    encoder = tmp_path / "encoder.skseq"
    save(SequenceOneHotTransformer().fit(["ACGT"]), encoder)
    out = ["--out", str(tmp_path / "report")] if command == "inspect" else []
    for model, says in (
        (fasta_pair[1], "is not a skseq file"),  # a FASTA where the model goes
        (str(encoder), "holds a SequenceOneHotTransformer, not a model"),
    ):
        result = CliRunner().invoke(main, [command, model, fasta_pair[1], *out])
        assert result.exit_code == 1
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1
        assert f"'{model}'" in result.output and says in result.output
        assert not isinstance(result.exception, AttributeError)
