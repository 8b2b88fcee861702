import io
import os
import stat
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from practice_desk.domain.profile import PracticeProfile
from practice_desk.domain.recovery_code import InvalidRecoveryCode, format_recovery_code
from practice_desk.services.recovery_kit import save_recovery_kit

CODE = "7K2MQ9XH4RTVW8NCJ3PB6FYD"
PROFILE = PracticeProfile("Łukasz Öztürk Praxis", "Ελένη Παπαδοπούλου")
CREATED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def save(target, clock, code=CODE):
    return save_recovery_kit(target, PROFILE, "f" * 32, CREATED, code, clock)


@pytest.mark.parametrize(
    ("name", "saved_as"),
    [
        ("Recovery kit.pdf", "Recovery kit.pdf"),
        ("Recovery kit", "Recovery kit.pdf"),
        ("kit.PDF", "kit.PDF"),
        ("kit.txt", "kit.txt.pdf"),
    ],
)
def test_saves_only_the_chosen_file_as_pdf(tmp_path, clock, name, saved_as):
    (tmp_path / "unrelated.txt").write_text("keep me")
    before = set(os.listdir(tmp_path))
    saved = save(tmp_path / name, clock)
    assert saved == tmp_path / saved_as
    assert set(os.listdir(tmp_path)) == before | {saved_as}
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert saved.read_bytes().startswith(b"%PDF-")


def test_the_saved_kit_holds_the_code_and_names(tmp_path, clock):
    saved = save(tmp_path / "kit.pdf", clock)
    text = PdfReader(io.BytesIO(saved.read_bytes())).pages[0].extract_text()
    assert format_recovery_code(CODE) in text
    assert "Łukasz Öztürk Praxis" in text
    assert "Ελένη Παπαδοπούλου" in text
    printed = clock.now().astimezone().strftime("%d %b %Y, %H:%M")  # the reader's local time
    assert f"Printed {printed}" in text


def test_saving_again_replaces_the_file_completely(tmp_path, clock):
    target = tmp_path / "kit.pdf"
    target.write_bytes(b"old contents " * 10_000)
    save(target, clock)
    assert os.listdir(tmp_path) == ["kit.pdf"]
    assert target.read_bytes().startswith(b"%PDF-")
    assert b"old contents" not in target.read_bytes()


def test_an_invalid_code_writes_nothing(tmp_path, clock):
    with pytest.raises(InvalidRecoveryCode):
        save(tmp_path / "kit.pdf", clock, code="nope")
    assert os.listdir(tmp_path) == []
