import gzip
import os
from pathlib import Path

import numpy as np
import pytest

from skseq.io import read_fasta, write_fasta

DATA = Path(__file__).parents[1] / "data"


def _write(path, text, compress=False):
    data = text.encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


# ----------------------------------------------------------------------- label forms


def test_list_of_files_one_class_each_and_plain_fasta_fixture():
    data = read_fasta([DATA / "pysster_dna_neg.fasta", DATA / "pysster_dna_pos.fasta"])
    assert data.sequences.shape == (100,) and data.sequences.dtype.kind == "U"
    assert data.target.tolist() == [0] * 60 + [1] * 40
    assert set(len(s) for s in data.sequences) == {32}
    assert set("".join(data.sequences)) <= set("ACGT")
    assert data.ids[0] == "id" and data.groups.dtype == object and data.groups[0] is None
    assert data.filenames[0].endswith("pysster_dna_neg.fasta")
    assert data.filenames[-1].endswith("pysster_dna_pos.fasta")


def test_dict_of_files_with_string_labels_and_list_labels(tmp_path):
    a = _write(tmp_path / "a.fa", ">x\nAC\n>y\nGG\n")
    b = _write(tmp_path / "b.fa", ">z\nTT\n")
    data = read_fasta({"bound": b, "unbound": a})
    assert data.target.tolist() == ["bound", "unbound", "unbound"]
    assert data.sequences.tolist() == ["TT", "AC", "GG"]
    data = read_fasta([a, b], labels=[5, 7])
    assert data.target.tolist() == [5, 5, 7]


def test_single_file_header_labels_int_and_multilabel(tmp_path):
    single = _write(tmp_path / "s.fa", ">1\nACGT\n>0\nACGT\n>2\nAAAA\n")
    data = read_fasta(single)
    assert data.target.dtype.kind == "i" and data.target.tolist() == [1, 0, 2]
    data = read_fasta(DATA / "pysster_rna.fasta", structure=True)
    assert data.target.shape == (20, 3)
    assert data.target[:4].tolist() == [[1, 0, 1], [0, 1, 0], [1, 1, 1], [0, 0, 1]]


def test_single_file_without_header_labels_has_no_target(tmp_path):
    path = _write(tmp_path / "s.fa", ">1\nACGT\n>seq2\nACGT\n")
    with pytest.warns(UserWarning, match=r"record 2 \(line 3: 'seq2'\) is not, so target is None"):
        assert read_fasta(path).target is None
    assert read_fasta(path, labels=False).target is None
    with pytest.raises(ValueError, match=r"record 2: header 'seq2' is not a label"):
        read_fasta(path, labels="header")


def test_labels_false_ignores_header_labels(tmp_path):
    path = _write(tmp_path / "s.fa", ">1\nACGT\n>0\nACGT\n")
    assert read_fasta(path, labels=False).target is None
    assert read_fasta([path], labels="header").target.tolist() == [1, 0]


# ------------------------------------------------------------ compression and layout


def test_gzip_detected_by_magic_bytes_not_name(tmp_path):
    text = ">chr1:1-5(+)\nACGT\n"
    plain = read_fasta(_write(tmp_path / "plain.fa", text))
    hidden = read_fasta(_write(tmp_path / "looks_plain.fa", text, compress=True))
    fake = read_fasta(_write(tmp_path / "not_really.fa.gz", text))
    for data in (hidden, fake):
        assert data.sequences.tolist() == plain.sequences.tolist() == ["ACGT"]


def test_wrapped_lines_crlf_and_blank_lines_are_joined(tmp_path):
    path = _write(tmp_path / "w.fa", ">a desc here\r\nACG\r\nTAC\r\n\r\nGT\r\n>b\r\nTT\r\n")
    data = read_fasta(path)
    assert data.sequences.tolist() == ["ACGTACGT", "TT"]
    assert data.ids.tolist() == ["a", "b"]


def test_byte_order_mark_and_old_mac_line_ends(tmp_path):
    path = tmp_path / "m.fa"
    path.write_bytes(b"\xef\xbb\xbf>a\rACG\rT\r>b\rGG\r")
    assert read_fasta(path).sequences.tolist() == ["ACGT", "GG"]


def test_case_upper_by_default_kept_on_request(tmp_path):
    path = _write(tmp_path / "c.fa", ">a\nacgTNn\n")
    assert read_fasta(path).sequences.tolist() == ["ACGTNN"]
    assert read_fasta(path, upper=False).sequences.tolist() == ["acgTNn"]


@pytest.mark.parametrize(
    "header, group",
    [
        ("chr12:53858073-53858273(+)", "chr12"),
        ("chr1:100-300", "chr1"),
        ("chr1,+,100,200", "chr1"),
        ("id;chr5,124,130,-", "chr5"),
        ("chrX", "chrX"),
        ("chrUn_gl000220", "chrUn_gl000220"),
        ("peak7 chr2_random:5-9", "chr2_random"),
        ("1:100-200", "1"),
        ("ENST0001 cdna chromosome:GRCh38:7:100:200:1", "7"),
        ("NC_000001.11:5-10", "NC_000001.11"),
    ],
)
def test_groups_from_header_forms(tmp_path, header, group):
    path = _write(tmp_path / "g.fa", f">{header}\nACGT\n")
    data = read_fasta(path)
    assert data.groups.tolist() == [group] and data.groups.dtype.kind == "U"


def test_groups_none_where_a_header_has_none(tmp_path):
    path = _write(tmp_path / "g.fa", ">chr3:1-5(+)\nACGT\n>my_sequence\nACGT\n>chromosome\nAC\n")
    data = read_fasta(path)
    assert data.groups.dtype == object and data.groups.tolist() == ["chr3", None, None]


# -------------------------------------------------------------------- structure files


def test_structure_dot_bracket_annotation_and_energy_forms():
    data = read_fasta(DATA / "pysster_rna.fasta", structure=True)
    assert data.structures.shape == (20,) and data.structures.dtype.kind == "U"
    assert data.structures[0] == "(((((((((((((..............)))))))))))))"
    assert all(len(s) == len(q) for s, q in zip(data.structures, data.sequences))
    annot = read_fasta(DATA / "pysster_rna_annot_ref.fasta", structure=True)
    assert annot.structures.tolist() == ["SSSHHSSS"] * 3
    assert annot.sequences.tolist() == ["GGGAUCCC"] * 3 and annot.target.tolist() == [1, 1, 1]
    pred = read_fasta(DATA / "pysster_rna_pred_ref.fasta", structure=True)
    assert pred.structures.tolist() == ["........"] * 3  # " (0.0)" energy dropped


def test_structure_pwm_form_gives_float_matrix_per_record():
    data = read_fasta(DATA / "pysster_rna_pwm1.fasta", structure=True)
    assert data.structures.shape == (16,) and data.structures.dtype == object
    first = data.structures[0]
    assert first.shape == (10, 3) and first.dtype == float
    np.testing.assert_allclose(first[:, 0], [0.9, 0.8, 0.7, 0.9, 0, 0, 0, 0, 0, 0])
    np.testing.assert_allclose(first.sum(axis=1), 1.0)
    assert data.sequences[0] == "AUAUAUAUAU" and data.target.tolist() == [0] * 16


def test_structure_errors_name_file_record_and_line(tmp_path):
    bad = _write(tmp_path / "s.fa", ">0\nACGU\n((.)\n>1\nACGU\n((..))\n")
    with pytest.raises(
        ValueError,
        match=r"s\.fa', record 2 \('>1', line 4\), line 6: "
        r"structure of length 6 for a sequence of length 4",
    ):
        read_fasta(bad, structure=True)
    rows = _write(tmp_path / "p.fa", ">0\nACGU\n0.5 0.5 0.5 0.5\n0.5 0.5 0.5\n")
    with pytest.raises(ValueError, match=r"record 1 .*line 4: 3 values for a sequence of length"):
        read_fasta(rows, structure=True)
    empty = _write(tmp_path / "e.fa", ">0\nACGU\n..()\n\n>1\n\n")
    with pytest.raises(ValueError, match=r"record 2 \('>1', line 5\): header without a sequence"):
        read_fasta(empty, structure=True)
    with pytest.raises(ValueError, match=r"record 1 .*no structure line"):
        read_fasta(DATA / "pysster_rna_pred.fasta", structure=True)
    # a structure file read as plain FASTA: the structure would be glued to the sequence
    with pytest.raises(ValueError, match=r"character '\(' at sequence position 40"):
        read_fasta(DATA / "pysster_rna.fasta")


# --------------------------------------------------------------------------- writing


@pytest.mark.parametrize("name, line_width", [("out.fa", 60), ("out.fa.gz", 7), ("o.fa", None)])
def test_write_read_round_trip(tmp_path, name, line_width):
    rng = np.random.default_rng(0)
    sequences = ["".join(rng.choice(list("ACGT"), size=n)) for n in (1, 59, 60, 61, 150)]
    ids = [f"chr{i}:{i}-{i + 5}(+)" for i in range(1, 6)]
    path = tmp_path / name
    write_fasta(path, sequences, ids, line_width=line_width)
    raw = path.read_bytes()
    assert (raw[:2] == b"\x1f\x8b") == name.endswith(".gz")
    lines = (gzip.decompress(raw) if name.endswith(".gz") else raw).decode().splitlines()
    assert max(len(line) for line in lines if not line.startswith(">")) == (line_width or 150)
    data = read_fasta(path)
    assert data.sequences.tolist() == sequences
    assert data.ids.tolist() == ids
    assert data.groups.tolist() == [f"chr{i}" for i in range(1, 6)]


def test_write_default_ids_and_errors(tmp_path):
    write_fasta(tmp_path / "d.fa", np.array(["AC", "GT"]))
    data = read_fasta(tmp_path / "d.fa")
    assert data.ids.tolist() == ["seq0", "seq1"] and data.target is None
    with pytest.raises(ValueError, match="ids has 1 entries for 2 sequences"):
        write_fasta(tmp_path / "e.fa", ["AC", "GT"], ["a"])
    # issue 9: the one check of string input (skseq.utils.check_sequences) names the item
    with pytest.raises(ValueError, match=r"sequence 1 is 5 of type int, not a str"):
        write_fasta(tmp_path / "e.fa", ["AC", 5])
    with pytest.raises(ValueError, match=r"ids\[0\] is empty"):
        write_fasta(tmp_path / "e.fa", ["AC"], [""])


def test_reading_does_not_modify_inputs(tmp_path):
    a = _write(tmp_path / "a.fa", ">x\nac\n")
    paths = {"neg": a}
    before = a.read_bytes()
    read_fasta(paths)
    assert paths == {"neg": a} and a.read_bytes() == before


# ------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "content, message",
    [
        (b"junk line\n>a\nACGT\n", r"line 1: text before the first header.*'junk line'"),
        (b"\n\nACGT\nACGT\n", r"line 3: text before the first header"),
        (b">a\n>b\nACGT\n", r"record 1 \('>a', line 1\): header without a sequence"),
        (b">a\nACGT\n\n>b\n", r"record 2 \('>b', line 4\): header without a sequence"),
        (b"", r"is empty"),
        (b"\n  \n", r"is empty"),
        (bytes(range(256)) * 3, r"not a text file"),
        (b">a\nAC\x00GT\n", r"not a text file: control character '\\x00' at line 2"),
        (
            b">a\nACGT\n>b\nACGT1\n",  # a space inside now raises on its own (issue 10)
            r"record 2 \('>b', line 3\): character '1' at sequence "
            r"position 4",
        ),
    ],
)
def test_malformed_files_raise_value_error_naming_file(tmp_path, content, message):
    path = tmp_path / "bad.fa"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as info:
        read_fasta(path)
    assert "bad.fa" in str(info.value)


def test_truncated_gzip_names_the_file(tmp_path):
    full = gzip.compress(b">a\n" + b"ACGT" * 5000 + b"\n")
    path = tmp_path / "cut.fa.gz"
    path.write_bytes(full[: len(full) // 2])
    with pytest.raises(ValueError, match=r"cut\.fa\.gz' is a damaged or truncated gzip"):
        read_fasta(path)


def test_missing_file_directory_and_bad_arguments(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.fa"):
        read_fasta([tmp_path / "nope.fa"])
    with pytest.raises(ValueError, match="is a directory"):
        read_fasta(tmp_path)
    good = _write(tmp_path / "g.fa", ">a\nAC\n")
    with pytest.raises(ValueError, match="paths is empty"):
        read_fasta([])
    with pytest.raises(ValueError, match="paths must be"):
        read_fasta(5)
    with pytest.raises(ValueError, match="not a path"):
        read_fasta([good, 3])
    with pytest.raises(ValueError, match="labels has 1 entries for 2 paths"):
        read_fasta([good, good], labels=[1])
    with pytest.raises(ValueError, match="labels must be"):
        read_fasta(good, labels="file")
    with pytest.raises(ValueError, match="keys are the labels"):
        read_fasta({0: good}, labels="header")


def test_same_file_twice_in_list_gets_both_labels(tmp_path):
    path = _write(tmp_path / "a.fa", ">x\nAC\n>y\nGG\n")
    assert read_fasta([path, os.fspath(path)]).target.tolist() == [0, 0, 1, 1]


# ------------------------------------------------------- issue 10: read as written


@pytest.mark.parametrize(
    "content",
    [b" >a\nACGT\n>b\nGGGG\n", b"\t>a\nACGT\n  >b \t\nGGGG\t\n", b">a  \n  ACGT  \n>b\nGG\nGG\n"],
)
def test_spaces_and_tabs_at_line_ends_are_ignored_headers_included(tmp_path, content):
    path = tmp_path / "indented.fa"
    path.write_bytes(content)
    data = read_fasta(path)
    assert data.ids.tolist() == ["a", "b"]
    assert data.sequences.tolist() == ["ACGT", "GGGG"]


def test_tab_indented_single_record_is_read(tmp_path):
    path = tmp_path / "tab.fa"
    path.write_bytes(b"\t>a\nACGT\n")
    assert read_fasta(path).sequences.tolist() == ["ACGT"]


def test_mixed_label_and_name_headers_warn_naming_the_record(tmp_path):
    for header in ("l", "1 positive"):
        path = _write(tmp_path / "mixed.fa", f">0\nACGT\n>1\nACGT\n>{header}\nAC\n")
        with pytest.warns(
            UserWarning,
            match=rf"mixed\.fa': 2 of 3 headers are labels .* record 3 "
            rf"\(line 5: '{header}'\) is not, so target is None",
        ):
            assert read_fasta(path).target is None
        assert read_fasta(path, labels=False).target is None  # the way to silence it


def test_multilabel_columns_are_label_indices_within_bounds(tmp_path):
    path = _write(tmp_path / "ml.fa", ">0,2\nAC\n>2\nGG\n")
    assert read_fasta(path).target.tolist() == [[1, 0, 1], [0, 0, 1]]  # column 1: no record
    path = _write(tmp_path / "wide.fa", ">0,255\nAC\n")
    assert read_fasta(path).target.shape == (1, 256)
    path = _write(tmp_path / "big.fa", ">0,256\nAC\n")
    with pytest.raises(ValueError, match=r"record 1 \(line 1\): label 256"):
        read_fasta(path)
    # single labels are no matrix: large class numbers are kept as they are
    assert read_fasta(_write(tmp_path / "s.fa", ">5000000000\nAC\n")).target.tolist() == [
        5000000000
    ]


def test_ragged_sequences_are_an_object_array_equal_ones_fixed_width(tmp_path):
    ragged = _write(tmp_path / "r.fa", ">long\n" + "ACGT" * 250 + "\n>a\nAC\n>b\nGGT\n")
    data = read_fasta(ragged)
    assert data.sequences.dtype == object
    assert data.sequences.tolist() == ["ACGT" * 250, "AC", "GGT"]
    assert all(type(s) is str for s in data.sequences)
    near = _write(tmp_path / "n.fa", ">a\n" + "A" * 150 + "\n>b\n" + "C" * 100 + "\n")
    assert read_fasta(near).sequences.dtype == np.dtype("<U150")  # padding less than 2x


def test_write_keeps_permissions_follows_links_and_is_deterministic(tmp_path):
    path = tmp_path / "p.fa.gz"
    write_fasta(path, ["ACGT"], ["a"])
    os.chmod(path, 0o640)
    first = path.read_bytes()
    write_fasta(path, np.array(["ACGT"]), np.array(["a"]), line_width=np.int64(60))
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert path.read_bytes() == first  # mtime=0 in the gzip header: same records, same bytes
    link = tmp_path / "link.fa"
    link.symlink_to(tmp_path / "real.fa")
    write_fasta(link, ["GG"], ["ü-id"])
    assert link.is_symlink() and read_fasta(tmp_path / "real.fa").ids.tolist() == ["ü-id"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.fa", "p.fa.gz", "real.fa"]
