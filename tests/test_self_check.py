"""`practice-desk --self-check`, as the installers run it, here from source."""

import io
import os
import tempfile

import pytest

from practice_desk import app, self_check


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """Where the self-check's throwaway practice goes, so the test can see it is cleared."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_every_step_passes_and_leaves_nothing_behind(qapp, scratch, private_home):
    out = io.StringIO()

    assert self_check.run(out) == 0

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Practice Desk ") and lines[-1] == "Self-check passed."
    steps = lines[1:-1]
    assert len(steps) == 6 and all(line.startswith("ok ") for line in steps)
    assert "1 client" in steps[2] and "1 page" in steps[4]
    assert list(scratch.iterdir()) == [], "the throwaway practice must be removed"
    assert not private_home.exists(), "the real practice folder is never touched"


def test_a_failing_step_is_named_the_rest_still_run_and_the_exit_status_says_so(
    qapp, scratch, monkeypatch
):
    def broken(self):
        raise OSError("disk full")

    monkeypatch.setattr(self_check.SelfCheck, "document", broken)
    out = io.StringIO()

    assert self_check.run(out) == 1

    text = out.getvalue()
    assert "FAILED  a protected PDF is rendered in memory: OSError: disk full" in text
    assert "ok      the window opens at the unlock screen" in text
    assert text.endswith("Self-check FAILED.\n")
    assert list(scratch.iterdir()) == []


def test_the_app_runs_the_self_check_when_asked(qapp, scratch, capsys):
    umask = os.umask(0o022)  # app.main() makes new files private for the whole process
    os.umask(umask)
    try:
        assert app.main(["--self-check"]) == 0
    finally:
        os.umask(umask)
    assert "Self-check passed." in capsys.readouterr().out


def test_a_check_that_cannot_even_start_still_reports_and_cleans_up(qapp, scratch, monkeypatch):
    """An uncaught error in a windowed app becomes a dialog waiting for a click: never that."""

    def cannot_start(self, home, out):
        raise ImportError("No module named 'practice_desk.services.vault'")

    monkeypatch.setattr(self_check.SelfCheck, "__init__", cannot_start)
    out = io.StringIO()

    assert self_check.run(out) == 1

    assert "FAILED  the self-check starts: ImportError" in out.getvalue()
    assert list(scratch.iterdir()) == []
