import unicodedata

import pytest

from practice_desk.domain.text_fold import email_key, fold, nfc, phone_digits


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Łukasz Öztürk", "lukasz ozturk"),
        ("lukasz  OZTURK", "lukasz ozturk"),
        ("  Łukasz\tÖztürk \n", "lukasz ozturk"),
        ("Ελένη", "ελενη"),
        ("ΕΛΈΝΗ", "ελενη"),
        ("Straße", "strasse"),
        ("Søren Kierkegaard", "soren kierkegaard"),
        ("Đorđe", "dorde"),
        ("Æsa Œuvre", "aesa oeuvre"),
        ("Þóra", "thora"),
        ("İsmail Işık", "ismail isik"),
        ("王芳", "王芳"),
        ("François-Xavier", "francois-xavier"),
    ],
)
def test_fold_ignores_case_accents_and_spacing_in_every_script(typed, stored):
    assert fold(typed) == stored


def test_fold_treats_decomposed_and_precomposed_letters_alike():
    assert fold("O\u0308ztu\u0308rk") == fold("Öztürk") == "ozturk"


def test_nfc_stores_one_spelling_for_one_name():
    typed = "Lo\u0308we Ame\u0301lie"  # combining diaeresis and acute, as some keyboards send
    stored = nfc(typed)
    assert stored == "Löwe Amélie"
    assert len(stored) == len("Löwe Amélie")
    assert unicodedata.is_normalized("NFC", stored)


def test_nfc_keeps_case_and_spacing():
    assert nfc("  Anna  MARIA ") == "  Anna  MARIA "


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("+44 20 7946 0958", "442079460958"),
        ("020 7946-0958", "02079460958"),
        ("(030) 123.456/78", "03012345678"),
        ("no number", ""),
    ],
)
def test_phone_digits_keep_only_the_digits(typed, digits):
    assert phone_digits(typed) == digits


def test_email_key_ignores_case_and_surrounding_spaces():
    assert email_key("  Anna.Maria@Example.ORG ") == email_key("anna.maria@example.org")
    assert email_key("anna@example.org") != email_key("anna@example.com")
