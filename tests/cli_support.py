"""Fixtures shared by the command-line tests: a fast vault, a private umask per test, secret
files, and running the CLI with its output captured."""

import functools
import os

import pytest

from practice_desk import cli
from practice_desk.security.kdf import fast_params_for_tests
from practice_desk.services.vault import Vault
from tests.conftest import PROFILE

NAMES = (PROFILE.practice_name, PROFILE.practitioner_name, "Łukasz", "Ελένη")


@pytest.fixture(autouse=True)
def fast_vault(monkeypatch):
    """The CLI builds Vault(files, clock) with the real calibration; skip it in tests."""
    monkeypatch.setattr(cli, "Vault", functools.partial(Vault, kdf_params=fast_params_for_tests))


@pytest.fixture(autouse=True)
def keep_umask():
    """cli.main() sets a private umask for the whole process; give the next test its own."""
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture
def secret_file(tmp_path):
    def write(text, name="secret.txt"):
        path = tmp_path / name
        path.write_text(text + "\n", encoding="utf-8")
        return str(path)

    return write


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_no_names(text):
    for name in NAMES:
        assert name not in text
