"""Writing and reading motifs in MEME's minimal text format."""

import re
from pathlib import Path

import numpy as np
import pandas as pd

#: How far from 1 a matrix row may sum: files round to a few decimals (MEME writes 6,
#: converted databases often 3, off by up to ~0.01 over 20 amino acids).
ROW_SUM_TOLERANCE = 1e-2


def write_meme(path, motifs, *, alphabet=None, n_sites=None, background=None):
    """Write position probability matrices as a MEME (version 4) motif file.

    Parameters
    ----------
    path : str or path-like
    motifs : dict of str to DataFrame
        Motif name (``"id"`` or ``"id alt_name"``) to a positions x symbols probability
        matrix; all share one alphabet.
    alphabet : str, optional
        The ``ALPHABET=`` line; defaults to the matrices' column names joined.
    n_sites : dict of str to int, optional
        The ``nsites=`` of each motif.
    background : sequence of float, optional
        Background letter frequencies; uniform by default.

    Examples
    --------
    >>> import os, tempfile
    >>> import pandas as pd
    >>> from skseq.io import read_meme, write_meme
    >>> ppm = pd.DataFrame([[1, 0, 0, 0], [0, 0.5, 0.5, 0]], columns=list("ACGT"))
    >>> path = os.path.join(tempfile.mkdtemp(), "m.meme")
    >>> write_meme(path, {"kernel_0": ppm})
    >>> read_meme(path)["kernel_0"].round(2).values.tolist()
    [[1.0, 0.0, 0.0, 0.0], [0.0, 0.5, 0.5, 0.0]]
    """
    if not motifs:
        raise ValueError("no motifs to write")
    symbols = list(next(iter(motifs.values())).columns)
    for name, ppm in motifs.items():
        if list(ppm.columns) != symbols:
            raise ValueError(
                f"motif {name!r} has symbols {list(ppm.columns)}, the first motif "
                f"{symbols}; a MEME file holds one alphabet"
            )
        if not str(name).strip() or len(str(name).split()) > 2:
            raise ValueError(
                f"motif name {name!r} must be an id, optionally followed by one "
                f"alternative name (the MOTIF line's two fields)"
            )
    alphabet = alphabet or "".join(map(str, symbols))
    if background is None:
        background = np.full(len(symbols), 1.0 / len(symbols))
    lines = ["MEME version 4", "", f"ALPHABET= {alphabet}", ""]
    if set(alphabet) == set("ACGT"):
        lines += ["strands: + -", ""]
    elif set(alphabet) == set("ACGU"):
        lines += ["strands: +", ""]  # RNA is read on one strand
    lines += [
        "Background letter frequencies",
        " ".join(f"{s} {b:.5f}" for s, b in zip(symbols, background)),
        "",
    ]
    for name, ppm in motifs.items():
        sites = 0 if n_sites is None else int(n_sites.get(name, 0))
        values = np.asarray(ppm, dtype=float)
        lines += [
            f"MOTIF {name}",
            "",
            f"letter-probability matrix: alength= {values.shape[1]} w= {values.shape[0]} "
            f"nsites= {sites} E= 0",
        ]
        lines += ["  ".join(f"{v:.6f}" for v in row) for row in values]
        lines.append("")
    from ._files import write_atomic

    content = ("\n".join(lines) + "\n").encode("utf-8")
    write_atomic(path, lambda handle: handle.write(content))


def read_meme(path):
    """Read a MEME motif file (plain or gzip) into position probability matrices.

    Unlike memelite's reader it keeps the file's alphabet (any length, e.g. protein) and
    reports malformed files by line number.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    dict of str to DataFrame
        ``"<id> <name>"`` (as on the MOTIF line, whitespace collapsed) to a positions x
        symbols matrix.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file is not text, holds no motif, names a motif twice, or a matrix is
        malformed (no ``w=``, a row that is not numbers, rows of different lengths or
        unlike ``alength=``, a negative or non-finite value, a row not summing to 1 within
        0.01, a motif cut short). The message names the file, the line and the motif (and
        the row). Rows within the tolerance are kept as written.

    Examples
    --------
    >>> import os, tempfile
    >>> from skseq.io import read_meme
    >>> path = os.path.join(tempfile.mkdtemp(), "m.meme")
    >>> _ = open(path, "w").write(
    ...     "MEME version 4\\n\\nALPHABET= ACGT\\n\\nMOTIF m1 PUM\\n"
    ...     "letter-probability matrix: alength= 4 w= 2\\n1 0 0 0\\n0 0 0.5 0.5\\n")
    >>> read_meme(path)["m1 PUM"].values.tolist()
    [[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.5, 0.5]]
    """
    from ._files import read_text

    text = read_text(path, kind="MEME")
    path = Path(path)
    alphabet = None
    motifs = {}
    name, name_line, width, alength, rows = None, 0, None, None, []
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        where = f"{path}, line {lineno}"
        if width is not None and len(rows) < width and line:
            if line.startswith("MOTIF"):
                raise ValueError(
                    f"{where}: motif {name!r} (line {name_line}) ends after {len(rows)} of "
                    f"{width} rows"
                )
            rows.append(_matrix_row(line, where, name, width - len(rows), alength, rows))
            if len(rows) == width:
                motifs[name] = _frame(rows, alphabet)
                name, width = None, None
        elif line.startswith("ALPHABET="):
            alphabet = line.split("=", 1)[1].strip()
        elif line.startswith("MOTIF"):
            name, name_line = " ".join(line.split()[1:]), lineno
            if not name:
                raise ValueError(f"{where}: MOTIF line without a motif name")
            if name in motifs:
                raise ValueError(f"{where}: motif {name!r} appears twice in the file")
        elif line.startswith("letter-probability matrix") and name is not None:
            match = re.search(r"\bw=\s*([0-9]+)", line)
            if match is None or int(match.group(1)) == 0:
                raise ValueError(
                    f"{where}: letter-probability matrix of motif {name!r} without a width "
                    "w= (a positive int)"
                )
            width, rows = int(match.group(1)), []
            found = re.search(r"\balength=\s*([0-9]+)", line)
            alength = int(found.group(1)) if found else None
    if width is not None:
        raise ValueError(
            f"{path}: motif {name!r} (line {name_line}) ends after {len(rows)} of {width} rows"
        )
    if not motifs:
        raise ValueError(f"{path} holds no MOTIF with a letter-probability matrix")
    return motifs


def _matrix_row(line, where, name, missing, alength, rows):
    try:
        row = [float(v) for v in line.split()]
    except ValueError:
        raise ValueError(
            f"{where}: expected {missing} more matrix rows of numbers for motif {name!r}, "
            f"got {line[:60]!r}"
        ) from None
    expected = alength if alength is not None else (len(rows[0]) if rows else None)
    if expected is not None and len(row) != expected:
        what = "alength=" if alength is not None else "the rows above"
        raise ValueError(
            f"{where}: motif {name!r} has a row of {len(row)} values, {what} {expected}"
        )
    bad = [v for v in row if not (np.isfinite(v) and v >= 0)]
    if bad:
        raise ValueError(
            f"{where}: motif {name!r} has the value {bad[0]}; probabilities are finite and "
            "non-negative"
        )
    total = sum(row)
    if abs(total - 1) > ROW_SUM_TOLERANCE:
        counts = total > 1 and all(float(v).is_integer() for v in row)
        raise ValueError(
            f"{where}: motif {name!r}, row {len(rows) + 1} sums to {total:.6g}; a "
            f"letter-probability matrix row sums to 1 (within {ROW_SUM_TOLERANCE:g})"
            + ("; these look like counts: divide each row by its sum" if counts else "")
        )
    return row


def _frame(rows, alphabet):
    n_sym = len(rows[0])
    symbols = (
        list(alphabet)
        if alphabet and len(alphabet) == n_sym
        else ["ACGT"[i] if n_sym == 4 else f"s{i}" for i in range(n_sym)]
    )
    frame = pd.DataFrame(rows, columns=symbols)
    frame.index.name = "position"
    return frame
