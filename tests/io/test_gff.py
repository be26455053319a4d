"""read_gff lives in skseq.io; skseq.scanning keeps the name importable (tested in test_scan)."""

import skseq.scanning
from skseq.io import read_gff


def test_read_gff_still_importable_from_scanning():
    assert skseq.scanning.read_gff is read_gff
    assert "read_gff" not in skseq.scanning.__all__
