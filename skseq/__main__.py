"""``python -m skseq``: the command line (see :mod:`skseq.cli`).

Importing this module runs nothing; only ``python -m skseq`` does.
"""

from skseq.cli import main

if __name__ == "__main__":
    main()
