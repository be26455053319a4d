"""``python -m skseq.cli``: the command line (see :mod:`skseq.cli`)."""

from skseq.cli import main

main()
