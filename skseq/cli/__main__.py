"""``python -m skseq.cli``: the command line (see :mod:`skseq.cli`).

Importing this module runs nothing; only ``python -m skseq.cli`` does.
"""

from skseq.cli import main

if __name__ == "__main__":
    main()
