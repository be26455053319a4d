"""Writing and reading motifs in MEME's minimal text format."""

import re
from pathlib import Path

import numpy as np
import pandas as pd


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
    Path(path).write_text("\n".join(lines) + "\n")


def read_meme(path):
    """Read a MEME motif file into position probability matrices.

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
        If a matrix is malformed or the file holds no motif.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"MEME file not found: {path}")
    alphabet = None
    motifs = {}
    name, width, rows = None, None, []
    for lineno, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if line.startswith("ALPHABET="):
            alphabet = line.split("=", 1)[1].strip()
        elif line.startswith("MOTIF"):
            name, width, rows = " ".join(line.split()[1:]), None, []
        elif line.startswith("letter-probability matrix") and name is not None:
            match = re.search(r"\bw=\s*(\d+)", line)
            if match is None:
                raise ValueError(f"{path}, line {lineno}: letter-probability matrix without w=")
            width = int(match.group(1))
        elif width is not None and len(rows) < width and line:
            try:
                rows.append([float(v) for v in line.split()])
            except ValueError as exc:
                raise ValueError(
                    f"{path}, line {lineno}: expected {width - len(rows)} more "
                    f"matrix rows of numbers for motif {name!r}, got {line!r}"
                ) from exc
            if len(rows) == width:
                lengths = {len(r) for r in rows}
                if len(lengths) != 1:
                    raise ValueError(f"{path}: motif {name!r} has rows of different lengths")
                n_sym = lengths.pop()
                symbols = (
                    list(alphabet)
                    if alphabet and len(alphabet) == n_sym
                    else ["ACGT"[i] if n_sym == 4 else f"s{i}" for i in range(n_sym)]
                )
                frame = pd.DataFrame(rows, columns=symbols)
                frame.index.name = "position"
                motifs[name] = frame
                name, width = None, None
    if width is not None:
        raise ValueError(f"{path}: motif {name!r} ends after {len(rows)} of {width} rows")
    if not motifs:
        raise ValueError(f"{path} holds no MOTIF with a letter-probability matrix")
    return motifs
