import pytest

from skseq.io._files import read_text, write_atomic


def test_write_atomic_keeps_the_old_file_when_writing_fails_midway(tmp_path):
    path = tmp_path / "data.fa"
    path.write_bytes(b">old\nACGT\n")

    def write(handle):
        handle.write(b">new\n" * 1000)
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, write)
    assert path.read_bytes() == b">old\nACGT\n"
    assert [p.name for p in tmp_path.iterdir()] == ["data.fa"]


def test_write_atomic_names_a_missing_folder_and_a_directory(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"folder '.*nowhere' does not exist"):
        write_atomic(tmp_path / "nowhere" / "x.fa", lambda handle: None)
    with pytest.raises(ValueError, match="is a directory"):
        write_atomic(tmp_path, lambda handle: None)


@pytest.mark.parametrize(
    "raw, text",
    [
        (b">a\r\nAC\r\n", ">a\nAC\n"),
        (b">a\rAC\r", ">a\nAC\n"),
        (b"\xef\xbb\xbf>a\n\rAC", ">a\n\nAC"),  # "\n\r" is two line ends
    ],
)
def test_read_text_turns_every_line_end_into_newline(tmp_path, raw, text):
    path = tmp_path / "t.fa"
    path.write_bytes(raw)
    assert read_text(path) == text
