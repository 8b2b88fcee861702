import pytest
from zxcvbn import zxcvbn

from practice_desk.domain.passphrase import MAX_LENGTH, MIN_LENGTH, MIN_SCORE, judge_passphrase


def test_too_short_says_how_many_more_characters():
    verdict = judge_passphrase("a" * (MIN_LENGTH - 1), score=4)
    assert not verdict.acceptable
    assert verdict.label == "Too short"
    assert "(1 more)" in verdict.hint
    assert f"at least {MIN_LENGTH}" in verdict.hint


def test_empty_passphrase_is_too_short():
    verdict = judge_passphrase("", score=0)
    assert not verdict.acceptable
    assert verdict.label == "Too short"
    assert f"({MIN_LENGTH} more)" in verdict.hint


def test_length_counts_characters_not_bytes():
    # 12 Greek letters are 24 UTF-8 bytes, but exactly the minimum for a person typing them.
    verdict = judge_passphrase("αβγδεζηθικλμ", score=4)
    assert verdict.acceptable


def test_exactly_the_minimum_length_with_a_strong_score_is_accepted():
    assert judge_passphrase("x" * MIN_LENGTH, score=MIN_SCORE).acceptable


def test_too_long_is_refused():
    verdict = judge_passphrase("word " * (MAX_LENGTH // 5 + 1), score=4)
    assert not verdict.acceptable
    assert verdict.label == "Too long"
    assert str(MAX_LENGTH) in verdict.hint


def test_exactly_the_maximum_length_is_accepted():
    assert judge_passphrase("a" * MAX_LENGTH, score=4).acceptable


@pytest.mark.parametrize(("score", "label"), [(0, "Very weak"), (1, "Weak"), (2, "Fair")])
def test_weak_scores_are_refused_with_the_strength_word(score, label):
    verdict = judge_passphrase("long enough passphrase", score=score)
    assert not verdict.acceptable
    assert verdict.label == label
    assert verdict.hint  # always some advice


def test_weak_score_passes_on_the_zxcvbn_suggestion():
    verdict = judge_passphrase(
        "password1234", score=0, suggestion="This is a very common password."
    )
    assert verdict.hint == "This is a very common password."


@pytest.mark.parametrize(("score", "label"), [(3, "Strong"), (4, "Very strong")])
def test_strong_scores_are_accepted(score, label):
    verdict = judge_passphrase("long enough passphrase", score=score)
    assert verdict.acceptable
    assert verdict.label == label


def test_unknown_score_is_treated_as_weak():
    verdict = judge_passphrase("long enough passphrase", score=-1)
    assert not verdict.acceptable
    assert verdict.label == "Weak"


def test_real_zxcvbn_scores_a_common_password_as_refused_and_four_words_as_accepted():
    weak = "password1234"
    strong = "violet harbour kestrel saffron"
    assert not judge_passphrase(weak, zxcvbn(weak)["score"]).acceptable
    assert judge_passphrase(strong, zxcvbn(strong)["score"]).acceptable
