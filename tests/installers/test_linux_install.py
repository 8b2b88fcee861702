"""The per-user Linux install and uninstall scripts, run for real in a throwaway home folder.

The bundle is a stand-in (two small shell programs), so these run in a second; `make
dist-check` runs the same scripts on the real frozen app.
"""

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the Linux installer scripts")

LINUX = Path(__file__).resolve().parents[2] / "installers" / "linux"
SVG = Path(__file__).resolve().parents[2] / "src/practice_desk/resources/icons/practice-desk.svg"


def unpacked_download(folder: Path, version: str = "9.8.7") -> Path:
    """What the tar.xz holds, with a stand-in app that records how it was called."""
    stage = folder / f"practice-desk-{version}-linux-x86_64"
    (stage / "app" / "_internal").mkdir(parents=True)
    for program in ("practice-desk", "practice-desk-cli"):
        path = stage / "app" / program
        path.write_text(f'#!/bin/sh\necho "{program} {version} $*" >> "$HOME/calls.log"\n')
        path.chmod(0o755)
    for script in ("install.sh", "uninstall.sh", "README.txt"):
        shutil.copy2(LINUX / script, stage / script)
    (stage / "share" / "applications").mkdir(parents=True)
    shutil.copy2(LINUX / "practice-desk.desktop", stage / "share" / "applications")
    icons = stage / "share" / "icons" / "hicolor"
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(SVG, icons / "scalable" / "apps" / "practice-desk.svg")
    (stage / "VERSION").write_text(version + "\n")
    return stage


@pytest.fixture
def home(tmp_path):
    folder = tmp_path / "home of Dr A"  # a space, as a real home or XDG folder may have
    folder.mkdir()
    return folder


def sh(home: Path, *command, stdin=subprocess.DEVNULL):
    env = {
        "HOME": str(home),
        "PATH": os.environ["PATH"],
        "PRACTICE_DESK_ALLOW_ROOT": "1",  # CI runs as root; a practitioner's install refuses
    }
    return subprocess.run(
        [str(c) for c in command], env=env, stdin=stdin, capture_output=True, text=True, timeout=60
    )


def installed(home: Path) -> Path:
    return home / ".local" / "share" / "practice-desk"


def practice_folder(home: Path) -> Path:
    folder = home / ".local" / "share" / "Practice Desk"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "practice.db").write_bytes(b"encrypted records")
    return folder


def test_install_puts_the_app_in_the_menu_and_on_the_path_for_this_user_only(home, tmp_path):
    done = sh(home, unpacked_download(tmp_path) / "install.sh")
    assert done.returncode == 0, done.stderr
    assert "Practice Desk 9.8.7 is installed." in done.stdout

    app = installed(home) / "app"
    entry = (home / ".local/share/applications/practice-desk.desktop").read_text()
    assert f'Exec="{app}/practice-desk"\n' in entry, "the menu must start the installed app"
    assert "Icon=practice-desk\n" in entry
    assert (home / ".local/share/icons/hicolor/scalable/apps/practice-desk.svg").is_file()
    launcher = home / ".local/bin/practice-desk"
    assert launcher.is_symlink() and launcher.resolve() == (app / "practice-desk").resolve()

    assert sh(home, launcher, "--self-check").returncode == 0
    assert (home / "calls.log").read_text() == "practice-desk 9.8.7 --self-check\n"


def test_installing_a_new_version_replaces_the_program_and_keeps_the_practice(home, tmp_path):
    sh(home, unpacked_download(tmp_path / "old", "1.0.0") / "install.sh")
    practice = practice_folder(home)

    done = sh(home, unpacked_download(tmp_path / "new", "1.1.0") / "install.sh")

    assert done.returncode == 0, done.stderr
    sh(home, home / ".local/bin/practice-desk")
    assert (home / "calls.log").read_text() == "practice-desk 1.1.0 \n"
    assert not (installed(home) / "app.old").exists() and not (installed(home) / "app.new").exists()
    assert (practice / "practice.db").read_bytes() == b"encrypted records"


def test_uninstall_removes_the_program_and_keeps_the_practice(home, tmp_path):
    sh(home, unpacked_download(tmp_path) / "install.sh")
    practice = practice_folder(home)

    done = sh(home, installed(home) / "uninstall.sh")

    assert done.returncode == 0, done.stderr
    assert not installed(home).exists()
    assert not (home / ".local/bin/practice-desk").exists()
    assert not (home / ".local/share/applications/practice-desk.desktop").exists()
    assert not (home / ".local/share/icons/hicolor/scalable/apps/practice-desk.svg").exists()
    assert (practice / "practice.db").read_bytes() == b"encrypted records"
    assert "Your practice is still in" in done.stdout


def test_uninstall_leaves_a_launcher_that_now_points_elsewhere(home, tmp_path):
    sh(home, unpacked_download(tmp_path) / "install.sh")
    launcher = home / ".local/bin/practice-desk"
    launcher.unlink()
    launcher.symlink_to("/usr/bin/true")

    sh(home, installed(home) / "uninstall.sh")

    assert launcher.is_symlink(), "a link someone else made is not ours to remove"


def test_removing_the_practice_needs_delete_typed_at_the_keyboard(home, tmp_path):
    sh(home, unpacked_download(tmp_path) / "install.sh")
    practice = practice_folder(home)
    uninstall = installed(home) / "uninstall.sh"

    refused = sh(home, uninstall, "--remove-practice-data")  # no keyboard: stdin is /dev/null
    assert refused.returncode == 1
    assert "nothing was removed" in refused.stderr
    assert (practice / "practice.db").is_file() and installed(home).exists()

    kept = typed(home, uninstall, "--remove-practice-data", answer="delete\n")
    assert kept.returncode == 1, "only DELETE, exactly, deletes"
    assert (practice / "practice.db").is_file() and installed(home).exists()

    removed = typed(home, uninstall, "--remove-practice-data", answer="DELETE\n")
    assert removed.returncode == 0
    assert not practice.exists()
    assert not installed(home).exists()
    # The remembered key went first, while the program that knows where it is still existed.
    assert (home / "calls.log").read_text() == "practice-desk-cli 9.8.7 forget-key\n"


def typed(home: Path, *command, answer: str):
    """Run with a terminal as stdin, as a person at the keyboard would, and type `answer`."""
    leader, follower = pty.openpty()
    try:
        os.write(leader, answer.encode())
        return sh(home, *command, stdin=follower)
    finally:
        os.close(leader)
        os.close(follower)


def test_install_refuses_an_incomplete_download_and_changes_nothing(home, tmp_path):
    stage = unpacked_download(tmp_path)
    shutil.rmtree(stage / "app")

    done = sh(home, stage / "install.sh")

    assert done.returncode == 1
    assert "incomplete" in done.stderr
    assert not (home / ".local").exists()
