import pytest
import sqlcipher3

from practice_desk.storage.rule_errors import RefusedByDatabase, rule_of


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("practice_desk:role_separation", "role_separation"),
        ("practice_desk:single_accountability", "single_accountability"),
        ("practice_desk:audit_append_only", "audit_append_only"),
        ("CHECK constraint failed: coaching_edge_is_for_therapy", "coaching_edge_is_for_therapy"),
        ("CHECK constraint failed: length(display_name) BETWEEN 1 AND 120", "constraint"),
        ("NOT NULL constraint failed: clients.display_name", "constraint"),
        ("FOREIGN KEY constraint failed", "constraint"),
        ("UNIQUE constraint failed: coaching_terms.contract_id", "constraint"),
    ],
)
def test_a_refusal_is_named_by_its_rule_and_never_by_a_value(message, rule):
    assert rule_of(sqlcipher3.IntegrityError(message)) == rule


def test_the_refusal_message_holds_no_data():
    refusal = RefusedByDatabase("role_separation")
    assert refusal.rule == "role_separation"
    assert str(refusal) == "The practice's records refused this change. Nothing was changed."
