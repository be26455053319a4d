"""Checks that a genome's ``.fai`` (and ``.gzi``) index describes its FASTA, and window sizes.

pyfaidx trusts the index it finds: one written for an older version of the file (when the
FASTA is not newer than it, pyfaidx does not rebuild it) or copied from another genome makes it
return windows of the wrong length or content without a word. :func:`check_index` reads a few
bytes around every record the index lists, where the index says they are: the header line
before it, its first and last sequence lines, what lies between records and after the last.
That is a few reads per chromosome, never a pass over the genome; the windows cut later are
checked one by one (:func:`check_window`), which catches a line layout changed inside a record.
"""

import bisect
import os
import re
import struct
import zlib
from typing import NamedTuple

__all__ = [
    "check_index",
    "check_width",
    "check_window",
    "check_window_memory",
    "index_paths",
]

_BREAK = re.compile(rb"[\r\n>]")
_HEADER_READ = 1 << 16  # bytes read back from a record's sequence to find its header line
_GAP_READ = 1 << 16  # whitespace allowed between records (more is unindexed data)
_BUFFER = 1 << 16  # bytes read at once
_BGZF_BLOCK = 1 << 16  # the most uncompressed bytes a bgzip block holds


def index_paths(fasta, bgzf):
    """The index files of a genome FASTA: its ``.fai``, and its ``.gzi`` when it is bgzip."""
    return [f"{fasta}.fai"] + ([f"{fasta}.gzi"] if bgzf else [])


def remedy(fasta, bgzf):
    files = " and ".join(f"'{path}'" for path in index_paths(fasta, bgzf))
    return f"delete {files} so that {'they are' if bgzf else 'it is'} rebuilt from the FASTA"


def check_index(fasta, faidx, *, bgzf, check_names=True):
    """Raise a ValueError unless the index pyfaidx read (``faidx.index``) fits ``fasta``.

    ``check_names`` compares each record's name with the first word of its header line (off
    for a ``pyfaidx.Fasta`` opened with its own ``key_function``).

    Examples
    --------
    >>> import tempfile, pathlib, pyfaidx
    >>> from skseq.io._genome_checks import check_index
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.fa"
    >>> _ = path.write_text(">chr1\\nACGT\\nAC\\n")
    >>> faidx = pyfaidx.Faidx(str(path))
    >>> check_index(path, faidx, bgzf=False)
    >>> _ = path.write_text(">chr1\\nACG\\nTAC\\n")
    >>> check_index(path, faidx, bgzf=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: the genome index '...g.fa.fai' does not describe the FASTA '...g.fa': the index \
says the sequence lines of chr1 (.fai line 1) hold 4 letters (6 in all), but its line at byte 6 \
holds 3. ...
    """
    records = [
        _Record(name, line, *record[:4])
        for line, (name, record) in enumerate(faidx.index.items(), 1)
    ]
    records.sort(key=lambda record: record.offset)
    problem, index = None, index_paths(fasta, bgzf)[0]
    try:
        with _Bytes(fasta, getattr(faidx, "gzi_index", None) if bgzf else None) as data:
            end = previous = None
            for record in records:
                problem, header_start = _record_problem(data, record, check_names)
                if problem is None and previous is not None:
                    problem = _gap_problem(data, end, header_start, previous)
                if problem:
                    break
                end, previous = record.sequence_end, record.name
            else:
                if previous is not None:
                    problem = _gap_problem(data, end, None, previous)
    except _Unreadable as error:
        problem, index = f"byte {error} cannot be read through it", index_paths(fasta, bgzf)[1]
    if problem:
        raise ValueError(_message(fasta, bgzf, problem, index))


def check_window(genome, chrom, start, end, core):
    """Raise a ValueError when pyfaidx returned something other than ``end - start`` letters."""
    if len(core) != end - start or ">" in core:
        what = f"{len(core)} letters" + (" with a '>' among them" if ">" in core else "")
        raise ValueError(
            f"the genome '{genome.path}' gave {what} for {chrom}:{start}-{end} ({end - start} "
            f"nt): its index does not describe its line layout there; "
            f"{remedy(genome.path, genome.bgzf)}."
        )


def check_width(width, genome):
    """Raise a ValueError when a window ``width`` is longer than every chromosome of a
    :class:`~skseq.io._genome.Genome`: its windows would be mostly padding."""
    longest = max(genome.lengths, key=genome.lengths.get)
    if width > genome.lengths[longest]:
        raise ValueError(
            f"width {width} is longer than every chromosome of the genome '{genome.path}' (the "
            f"longest is {longest}, {genome.lengths[longest]} nt): its windows would be mostly "
            "N. Is the width right?"
        )


def check_window_memory(n_windows, widest, total, where):
    """Raise a ValueError when ``n_windows`` windows of up to ``widest`` letters (``total`` in
    all) would take more memory than the machine has; ``where`` names the widest window."""
    needed = 4 * n_windows * widest + total  # an array of str (4 bytes a letter), and the str
    memory = physical_memory()
    if memory is not None and needed > memory:
        raise ValueError(
            f"{where} is {widest} nt long: the {n_windows} windows would take about "
            f"{_size(needed)} of memory, more than this machine has ({_size(memory)}). Check the "
            "coordinates and the width."
        )


def physical_memory():
    """The machine's memory in bytes, or None where the system does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, OSError, ValueError):
        return None


def _size(n):
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:.3g} {unit}"
        n /= 1024


def _message(fasta, bgzf, problem, index):
    return (
        f"the genome index '{index}' does not describe the FASTA "
        f"'{fasta}': {problem}. The index was written for another version of the file or for "
        f"another genome; {remedy(fasta, bgzf)}."
    )


class _Record(NamedTuple):
    name: str
    line: int  # in the .fai
    rlen: int
    offset: int
    lenc: int
    lenb: int

    def of(self, what):
        return f"{what} of {self.name} (.fai line {self.line})"

    @property
    def sequence_end(self):
        """The byte after the last sequence letter."""
        if self.rlen == 0:
            return self.offset
        full = (self.rlen - 1) // self.lenc  # lines before the last
        return self.offset + full * self.lenb + self.rlen - full * self.lenc


def _record_problem(data, record, check_names):
    """What is wrong with one record (or None), and where its header line starts."""
    rlen, offset, lenc, lenb = record.rlen, record.offset, record.lenc, record.lenb
    if rlen < 0 or offset < 0 or (rlen and not 0 < lenc <= lenb <= lenc + 2):
        return (
            f"the index gives {record.name} (.fai line {record.line}) {rlen} letters at byte "
            f"{offset} in lines of {lenc} letters and {lenb} bytes, which no FASTA has"
        ), None
    problem, header_start = _header_problem(data, record, check_names)
    if problem or not rlen:
        return problem, header_start
    full = (rlen - 1) // lenc
    problem = _line_problem(data, record, offset, min(rlen, lenc))
    if not problem and full:
        problem = _line_problem(data, record, offset + full * lenb, rlen - full * lenc)
    return problem, header_start


def _header_problem(data, record, check_names):
    offset = record.offset
    for back in (256, _HEADER_READ):  # headers are short: read more only for a long one
        start = max(offset - back, 0)
        before = data.read(start, offset - start)
        if start == 0 or before[:-1].rfind(b"\n") >= 0:
            break
    if len(before) < offset - start:
        return f"{_puts(record)}, past the end of the FASTA", None
    if not before.endswith(b"\n"):
        shown = _shown(before[-20:])
        return f"{_puts(record)}, which does not start a line: {shown} comes before", None
    cut = before[:-1].rfind(b"\n")
    if cut < 0 and start > 0:
        return None, None  # a header longer than what was read back: only its end is checked
    header = before[cut + 1 : -1].rstrip(b"\r")
    if not header.startswith(b">") or (
        check_names and header[1:].split()[:1] != [record.name.encode()]
    ):
        shown = _shown(header)
        return f"{_puts(record)}, but the line before it is {shown}, not '>{record.name}'", None
    return None, start + cut + 1


def _puts(record):
    return f"the index puts the {record.of('sequence')} at byte {record.offset}"


def _gap_problem(data, end, header_start, previous):
    """Anything but blank lines between a record's last letter and the next header (or the
    end of the file) is sequence the index does not know."""
    if header_start is None:  # after the last record, or a next header not found
        gap = data.read(end, _GAP_READ + 1)
    elif header_start < end:
        return f"the records of the index overlap after {previous}"
    else:
        gap = data.read(end, min(header_start - end, _GAP_READ + 1))
    if not gap.strip() and len(gap) <= _GAP_READ:
        return None
    first = len(gap) - len(gap.lstrip())
    line = gap[first:].split(b"\n", 1)[0].rstrip(b"\r")
    return (
        f"after {previous}, at byte {end + first}, the FASTA has {_shown(line)}, which is not "
        "in the index"
    )


def _line_problem(data, record, start, letters):
    """Whether a line of ``letters`` sequence letters, then a line break, starts at ``start``."""
    text = data.read(start, letters + record.lenb - record.lenc)
    body, after = text[:letters], text[letters:]
    found = _BREAK.search(body)
    if found:
        return f"{_says(record, letters)}, but its line at byte {start} holds {found.start()}"
    if len(body) < letters:
        return (
            f"{_says(record, letters)}, but the FASTA ends before byte {start + letters}, where "
            "that line ends"
        )
    if after.strip(b"\r\n") or (after and after[:1] not in b"\r\n"):
        shown = _shown(body[-10:] + after)
        return f"{_says(record, letters)}, but its line at byte {start} holds more: {shown}"
    return None


def _says(record, letters):
    said = f"the index says the {record.of('sequence lines')} hold {record.lenc} letters"
    if record.rlen != record.lenc:
        said += f" ({record.rlen} in all)"
    if letters != min(record.rlen, record.lenc):
        said += f", the last {letters}"
    return said


def _shown(raw):
    text = raw.decode("utf-8", "replace")
    return repr(text if len(text) <= 40 else text[:40] + "...")


class _Unreadable(Exception):
    """A .gzi index that does not fit its bgzip file (the message is the offset)."""


class _Bytes:
    """Reads of the (uncompressed) bytes of a plain or bgzip FASTA at any offset.

    Reads are served from one buffer of at least ``_BUFFER`` bytes, so the records of a
    genome of many small ones (contigs, transcripts) cost a read per buffer, not three each.
    """

    def __init__(self, path, gzi_index):
        self._handle = open(path, "rb")
        self._start, self._buffer = 0, b""
        self._reader = None
        if gzi_index is not None:
            from Bio import bgzf

            self._reader = bgzf.BgzfReader(fileobj=self._handle, mode="rb")
            self._blocks = sorted((block.ustart, block.cstart) for block in gzi_index)
            self._virtual = bgzf.make_virtual_offset

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()

    def read(self, offset, size):
        at = offset - self._start
        if at < 0 or at + size > len(self._buffer):
            self._start, self._buffer = offset, self._load(offset, max(size, _BUFFER))
            at = 0
        return self._buffer[at : at + size]

    def _load(self, offset, size):
        if self._reader is None:
            self._handle.seek(offset)
            return self._handle.read(size)
        i = max(bisect.bisect_right(self._blocks, (offset, float("inf"))) - 1, 0)
        ustart, cstart = self._blocks[i]
        skip = offset - ustart
        if skip > _BGZF_BLOCK:  # beyond the last block the .gzi lists: past the end
            return b""
        try:
            self._reader.seek(self._virtual(cstart, 0))
            return self._reader.read(skip + size)[skip:]
        except (ValueError, OSError, EOFError, zlib.error, struct.error):
            raise _Unreadable(offset) from None
