"""The ``skseq`` command line: a thin layer over the Python API.

Every command does what a few lines of Python would do, and says so in its ``--help``.
Models are saved and loaded in skseq's safe format (:func:`skseq.io.save` /
:func:`skseq.io.load`), which loads without running code. Bad input gives the same message
as the Python function that found it, on standard error, and exit status 1; a wrong command
line gives click's usage message and exit status 2.

Commands: ``demo`` (:mod:`skseq.cli._demo`), ``train``, ``predict``, ``inspect``
(:mod:`skseq.cli._train`), ``tune``
(:mod:`skseq.cli._tune`), ``tune-worker`` (:mod:`skseq.cli._worker`), ``simulate``
(:mod:`skseq.cli._simulate`) and ``scan`` (:mod:`skseq.cli._scan`). Nothing heavy (Keras,
Optuna, pandas) is imported until a command runs, so ``skseq --help`` is quick.
"""

import click

from ._demo import demo
from ._scan import scan
from ._simulate import simulate
from ._train import inspect, predict, train
from ._tune import tune
from ._worker import tune_worker

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="skseq")
def main():
    """Neural networks on biological sequences, the scikit-learn way.

    \b
    Examples:
      skseq demo --out skseq-report
      skseq train --dataset PUM2 --set epochs=30 --out pum2.skseq
      skseq inspect pum2.skseq --dataset PUM2 --out pum2-report/
      skseq tune --dataset PUM2 --n-trials 20 --out best.skseq
      skseq tune-worker --storage /shared/pum2.log --study-name pum2
      skseq simulate grammar.xml --n-samples 2000 --out simulated/
      skseq scan model.skseq genome.fa --out scores.tsv --plot scores.png
    """


for _command in (demo, train, predict, inspect, tune, tune_worker, simulate, scan):
    main.add_command(_command)
