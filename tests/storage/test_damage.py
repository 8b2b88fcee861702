import os
import shutil

import pytest

from practice_desk.storage.database import integrity_report, open_database
from practice_desk.storage.errors import DatabaseDamaged
from tests.storage.conftest import build_database

PAGE = 4096


def damage(path, page, offset=1000, length=64):
    with open(path, "r+b") as handle:
        handle.seek(page * PAGE + offset)
        handle.write(os.urandom(length))


@pytest.fixture
def big_database(tmp_path, raw_key):
    path = build_database(tmp_path / "practice.db", raw_key, rows=400)
    assert path.stat().st_size >= 40 * PAGE  # many pages, so damage can land in the middle
    return path


def test_a_clean_database_reports_no_problems(big_database, raw_key):
    conn = open_database(big_database, raw_key)
    try:
        assert integrity_report(conn) == ([], [])
    finally:
        conn.close()


def test_damage_to_the_first_page_is_caught_at_open(big_database, raw_key):
    damage(big_database, page=0)
    with pytest.raises(DatabaseDamaged):
        open_database(big_database, raw_key)


def test_damage_in_the_middle_shows_up_in_the_integrity_report(big_database, raw_key):
    pages = big_database.stat().st_size // PAGE
    damage(big_database, page=pages // 2)
    conn = open_database(big_database, raw_key)
    try:
        cipher, plain = integrity_report(conn)
    finally:
        conn.close()
    assert any(f"page {pages // 2 + 1}" in line for line in cipher)
    assert plain  # the structure check can't pass over an unreadable page


def test_each_damaged_page_is_found(big_database, raw_key, tmp_path):
    pages = big_database.stat().st_size // PAGE
    for page in (1, pages // 3, pages - 1):
        copy = tmp_path / f"copy-{page}.db"
        shutil.copy(big_database, copy)
        damage(copy, page)
        try:
            conn = open_database(copy, raw_key)
        except DatabaseDamaged:
            continue
        try:
            cipher, _ = integrity_report(conn)
        finally:
            conn.close()
        assert cipher, f"damage on page {page + 1} went unnoticed"


def test_a_single_flipped_bit_is_noticed(big_database, raw_key):
    pages = big_database.stat().st_size // PAGE
    with open(big_database, "r+b") as handle:
        handle.seek((pages // 2) * PAGE + 2000)
        byte = handle.read(1)[0]
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte ^ 0x01]))
    conn = open_database(big_database, raw_key)
    try:
        cipher, _ = integrity_report(conn)
    finally:
        conn.close()
    assert cipher


def test_a_file_of_random_bytes_is_damage(tmp_path, raw_key):
    path = tmp_path / "practice.db"
    path.write_bytes(os.urandom(8 * PAGE))
    with pytest.raises(DatabaseDamaged):
        open_database(path, raw_key)
