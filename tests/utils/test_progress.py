import io
import sys

from skseq.utils import progress, progress_enabled


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_no_bar_when_quiet_or_not_a_terminal(monkeypatch):
    monkeypatch.delenv("SKSEQ_PROGRESS", raising=False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    items = [1, 2, 3]
    assert progress(items, verbose=1) is items  # not a terminal
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert progress(items, verbose=0) is items
    assert progress_enabled(1)


def test_bar_on_a_terminal_counts_every_item(monkeypatch):
    monkeypatch.delenv("SKSEQ_PROGRESS", raising=False)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert list(progress(range(5), desc="folding", unit="seq")) == list(range(5))
    assert "folding" in terminal.getvalue()


def test_environment_switch(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.setenv("SKSEQ_PROGRESS", "1")
    assert progress_enabled(1)
    monkeypatch.setenv("SKSEQ_PROGRESS", "0")
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert not progress_enabled(1)


def test_bars_in_a_notebook_whose_stderr_is_no_terminal(monkeypatch):
    import types

    monkeypatch.delenv("SKSEQ_PROGRESS", raising=False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # what ipykernel gives: no terminal
    kernel_shell = types.SimpleNamespace(kernel=object())
    fake = types.SimpleNamespace(get_ipython=lambda: kernel_shell)
    monkeypatch.setitem(sys.modules, "IPython", fake)
    assert progress_enabled(1) and not progress_enabled(0)
    terminal_ipython = types.SimpleNamespace(get_ipython=lambda: types.SimpleNamespace())
    monkeypatch.setitem(sys.modules, "IPython", terminal_ipython)  # IPython in a console
    assert not progress_enabled(1)


def test_the_bars_are_notebook_aware(monkeypatch):
    monkeypatch.setenv("SKSEQ_PROGRESS", "1")
    bar = progress(range(3), verbose=1)
    # tqdm.auto: a widget under Jupyter, the text bar elsewhere
    assert type(bar).__module__.startswith("tqdm")
    import tqdm.auto

    assert isinstance(bar, tqdm.auto.tqdm)
    bar.close()
