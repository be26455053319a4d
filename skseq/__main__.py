"""``python -m skseq``: the command line (see :mod:`skseq.cli`)."""

from skseq.cli import main

main()
