"""Importing any skseq module does nothing but define names.

``import skseq.__main__`` used to run the command line with the process's ``sys.argv``
(printing click's usage and raising ``SystemExit``), and so did ``skseq.cli.__main__``; a
module's import must not run a command, write a file, print, parse ``sys.argv`` or change
Keras' global settings.
"""

import json
import os
import subprocess
import sys

from skseq._backend import NOTICES

# Imports every skseq module in a fresh interpreter, with a command line that would make
# skseq's CLI print its help and exit, Python-level output captured, and reports what changed.
PROBE = """
import contextlib, io, json, os, pkgutil, sys, traceback
sys.argv = ["x", "--help"]
import skseq
import keras

def settings():
    return {
        "floatx": keras.config.floatx(),
        "dtype_policy": keras.config.dtype_policy().name,
        "image_data_format": keras.config.image_data_format(),
        "epsilon": keras.config.epsilon(),
        "environ": sorted(os.environ.items()),
        "argv": list(sys.argv),
    }

before = settings()
captured = io.StringIO()
failures, names = {}, []
with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
    for info in pkgutil.walk_packages(skseq.__path__, "skseq."):
        names.append(info.name)
        try:
            __import__(info.name)
        except BaseException as error:
            failures[info.name] = f"{type(error).__name__}: {error}"
changed = sorted(key for key, value in settings().items() if before[key] != value)
report = {"names": names, "failures": failures, "printed": captured.getvalue(),
          "changed": changed}
sys.stdout.write("\\nRESULT " + json.dumps(report))
"""


def test_importing_every_skseq_module_has_no_side_effects(tmp_path):
    # as a user runs it: no log level of their own, so skseq quiets TensorFlow's start-up
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    # was: about 9 lines (absl, oneDNN, CUDA drivers, cuInit) on every run
    assert not [line for line in run.stderr.splitlines() if any(n in line for n in NOTICES)]
    assert "RESULT " in run.stdout, run.stderr[-3000:]
    printed, _, result = run.stdout.rpartition("RESULT ")
    report = json.loads(result)
    assert {"skseq.__main__", "skseq.cli.__main__", "skseq.demo"} <= set(report["names"])
    # was: {"skseq.__main__": "SystemExit: 0", ...} and click's usage text
    assert report["failures"] == {}
    assert report["printed"] == ""
    assert printed.strip() == ""
    assert report["changed"] == []
    assert list(tmp_path.iterdir()) == []
