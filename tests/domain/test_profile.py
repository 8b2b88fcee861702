import pytest

from practice_desk.domain.profile import (
    CREDENTIALS_MAX,
    NAME_MAX,
    PracticeProfile,
    ProfileInvalid,
)


def test_trims_and_collapses_whitespace():
    profile = PracticeProfile("  Harbour \t Practice ", "\nDr.  Mara   Lindqvist ", "  HCPC  ")
    assert profile.validated() == PracticeProfile("Harbour Practice", "Dr. Mara Lindqvist", "HCPC")


@pytest.mark.parametrize(
    "name", ["Łukasz Öztürk", "Ελένη", "王芳", "Zoë Ní Bhriain", "Søren Ålund"]
)
def test_unicode_names_are_kept_exactly(name):
    profile = PracticeProfile(f"{name} Praxis", name).validated()
    assert profile.practitioner_name == name
    assert profile.practice_name == f"{name} Praxis"


def test_practice_name_is_required():
    with pytest.raises(ProfileInvalid, match="name for your practice"):
        PracticeProfile("   ", "Dr. Mara").validated()


def test_practitioner_name_is_required():
    with pytest.raises(ProfileInvalid, match="your name"):
        PracticeProfile("Harbour Practice", "\t\n").validated()


def test_credentials_are_optional():
    assert PracticeProfile("Harbour Practice", "Mara").validated().credentials == ""


def test_names_up_to_the_limit_are_accepted_even_in_non_latin_script():
    name = "王" * NAME_MAX
    assert PracticeProfile(name, name).validated().practice_name == name


@pytest.mark.parametrize("field", ["practice_name", "practitioner_name"])
def test_names_over_the_limit_are_refused(field):
    values = {"practice_name": "Harbour", "practitioner_name": "Mara"}
    values[field] = "x" * (NAME_MAX + 1)
    with pytest.raises(ProfileInvalid, match=str(NAME_MAX)):
        PracticeProfile(**values).validated()


def test_length_is_judged_after_trimming():
    padded = "  " + "x" * NAME_MAX + "   "
    assert PracticeProfile(padded, "Mara").validated().practice_name == "x" * NAME_MAX


def test_credentials_limit():
    assert PracticeProfile("P", "M", "c" * CREDENTIALS_MAX).validated()
    with pytest.raises(ProfileInvalid, match=str(CREDENTIALS_MAX)):
        PracticeProfile("P", "M", "c" * (CREDENTIALS_MAX + 1)).validated()


def test_invalid_profile_is_a_value_error_for_forms():
    assert issubclass(ProfileInvalid, ValueError)
