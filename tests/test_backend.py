"""Backend-specific code: TensorFlow's start-up notices, devices."""

import os

from skseq import _backend


def test_known_notices_are_dropped_and_everything_else_kept(capfd):
    with _backend._without_notices():
        os.write(2, b"I0000 port.cc:153] oneDNN custom operations are on. You may see\n")
        os.write(2, b"E0000 cuda_platform.cc:52] failed call to cuInit: UNKNOWN ERROR\n")
        os.write(2, b"E0000 something that went really wrong\n")
    err = capfd.readouterr().err
    assert err == "E0000 something that went really wrong\n"


def test_a_log_level_the_user_set_is_left_alone(monkeypatch):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "0")
    monkeypatch.setenv("SKSEQ_TF_LOG_LEVEL", "2")  # a stale marker does not override the user
    assert _backend.quiet_by_default() is False
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "0"


def test_devices_lists_at_least_the_cpu():
    found = _backend.devices()
    assert found and any("cpu" in d.lower() for d in found)
