"""encode_to_memmap: chunk by chunk into a .npy memmap, equal to the in-memory encoding."""

import gzip

import numpy as np
import pytest

from skseq.preprocessing import SequenceOneHotTransformer, encode_to_memmap


@pytest.fixture
def sequences():
    rng = np.random.default_rng(0)
    lengths = rng.integers(5, 15, size=23)
    return ["".join(rng.choice(list("ACGTN"), n)) for n in lengths]


def write_fasta(path, sequences, opener=open):
    with opener(path, "wt") as handle:
        for i, seq in enumerate(sequences):
            handle.write(f">seq{i} some description\n{seq[:7]}\n{seq[7:]}\n")
    return path


@pytest.mark.parametrize("chunk_size", [1, 4, 23, 100])
def test_memmap_equals_the_in_memory_encoding(tmp_path, sequences, chunk_size):
    fasta = write_fasta(tmp_path / "seqs.fa", sequences)
    expected = SequenceOneHotTransformer(length=12).fit_transform(sequences)
    encoder = SequenceOneHotTransformer(length=12)
    X = encode_to_memmap(encoder, fasta, tmp_path / "X.npy", chunk_size=chunk_size)
    assert isinstance(X, np.memmap) and X.dtype == expected.dtype
    np.testing.assert_array_equal(X, expected)
    assert encoder.length_ == 12  # an unfitted transformer is fitted on the first chunk
    from_list = encode_to_memmap(encoder, sequences, tmp_path / "Y.npy", chunk_size=chunk_size)
    np.testing.assert_array_equal(from_list, expected)
    np.testing.assert_array_equal(np.load(tmp_path / "X.npy"), expected)


def test_gzip_fasta_fitted_transformer_and_dtype(tmp_path, sequences):
    fasta = write_fasta(tmp_path / "seqs.fa.gz", sequences, opener=gzip.open)
    encoder = SequenceOneHotTransformer().fit(sequences)  # length_ learned from all of them
    X = encode_to_memmap(encoder, fasta, tmp_path / "X.npy", chunk_size=5, dtype=np.float16)
    assert X.dtype == np.float16 and X.shape == (23, encoder.length_, 4)
    np.testing.assert_array_equal(X, encoder.transform(sequences).astype(np.float16))


def test_errors_name_the_record_and_leave_no_file(tmp_path, sequences):
    bad = sequences[:9] + ["ACGXT"] + sequences[9:]
    fasta = write_fasta(tmp_path / "bad.fa", bad)
    out = tmp_path / "X.npy"
    out.write_bytes(b"old")
    # records counted from 1, as read_fasta counts them; the position is in the record
    message = r"bad.fa', record 10 \(id 'seq9'\): .*'X' in the sequence at position 3\b"
    with pytest.raises(ValueError, match=message):
        encode_to_memmap(SequenceOneHotTransformer(length=12), fasta, out, chunk_size=4)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["X.npy", "bad.fa"]
    with pytest.raises(ValueError, match=r"^sequence 9: .*unknown symbol 'X'"):
        encode_to_memmap(SequenceOneHotTransformer(length=12), bad, out, chunk_size=4)
    empty = write_fasta(tmp_path / "empty_record.fa", ["ACGT", "", "ACGT"])
    with pytest.raises(ValueError, match=r"record 2 \(id 'seq1'\).*empty"):
        encode_to_memmap(SequenceOneHotTransformer(length=12), empty, out)


def test_an_unfitted_transformer_needs_a_fixed_length(tmp_path, sequences):
    with pytest.raises(ValueError, match="length=None"):
        encode_to_memmap(SequenceOneHotTransformer(), sequences, tmp_path / "X.npy")
    with pytest.raises(ValueError, match="holds no sequence"):
        encode_to_memmap(SequenceOneHotTransformer(length=4), [], tmp_path / "X.npy")
    with pytest.raises(ValueError, match="chunk_size"):
        encode_to_memmap(SequenceOneHotTransformer(length=4), sequences, "x.npy", chunk_size=0)


def test_a_classifier_trains_on_the_memmap(tmp_path):
    from skseq import SequenceCNNClassifier

    rng = np.random.default_rng(1)
    seqs = ["".join(rng.choice(list("ACGT"), 20)) for _ in range(64)]
    y = np.array([s.count("G") > 5 for s in seqs], dtype=int)
    fasta = write_fasta(tmp_path / "train.fa", seqs)
    X = encode_to_memmap(SequenceOneHotTransformer(length=20), fasta, tmp_path / "X.npy")
    clf = SequenceCNNClassifier(
        n_filters=4, dense_units=8, epochs=1, batch_size=16, validation_fraction=0, random_state=0
    ).fit(X, y)
    assert clf.predict_proba(X).shape == (64, 2)
