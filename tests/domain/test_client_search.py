import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_desk.domain.client_search import SORT_KEYS, ClientIndex, ClientSummary
from practice_desk.domain.clients import ClientStatus
from practice_desk.domain.contracts import ContractKind

ENQUIRY, CONSULTATION, ACTIVE, CLOSED = ClientStatus
THERAPY, COACHING = ContractKind

LUKASZ = ClientSummary(
    1, "Łukasz Öztürk", "", ACTIVE, THERAPY, "lukasz@example.org", "+44 20 7946-0958"
)
ELENI = ClientSummary(
    2, "Ελένη Παππά", "Eleni Pappa", CONSULTATION, None, "eleni@example.gr", "+30 21 0123 4567"
)
ANNA_MARIA = ClientSummary(
    3, "Anna-Maria Berg", "Anna Maria Berg-Lund", ACTIVE, COACHING, "AMB@Firma.DE", "030 1234567"
)
WANG = ClientSummary(4, "王芳", "Wang Fang", ENQUIRY, None, "", "")
ZOE = ClientSummary(5, "Zoë Adler", "", CLOSED, THERAPY, "zoe@adler.ch", "+41 44 668 18 00")
ANNA = ClientSummary(6, "anna svensson", "", ENQUIRY, None, "anna.s@example.se", "")
ROWS = [LUKASZ, ELENI, ANNA_MARIA, WANG, ZOE, ANNA]


def ids(index, query="", **filters):
    return [index.rows[i].id for i in index.search(query, **filters)]


@pytest.fixture
def index():
    return ClientIndex(ROWS)


def test_an_empty_search_lists_everyone_by_name(index):
    assert ids(index) == [6, 3, 1, 5, 2, 4]
    assert ids(index, "   ") == [6, 3, 1, 5, 2, 4]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ozturk", [1]),
        ("ÖZTÜRK", [1]),
        ("  LUKASZ   öz ", [1]),
        ("ελενη", [2]),
        ("ΕΛΈΝΗ", [2]),
        ("eleni pappa", [2]),
        ("王", [4]),
        ("wang", [4]),
        ("zoe", [5]),
        ("Zoë", [5]),
        ("berg-lund", [3]),
        ("firma.de", [3]),
        ("AMB@firma", [3]),
        ("example", [6, 1, 2]),
        ("anna", [6, 3]),
        ("anna berg", [3]),
        ("berg anna", [3]),
        ("anna nobody", []),
        ("xyz", []),
    ],
)
def test_search_ignores_case_accents_and_word_order_across_names_and_email(index, query, found):
    assert ids(index, query) == found


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("7946 0958", [1]),
        ("79460958", [1]),
        ("7946-0958", [1]),
        ("+44 20", [1]),
        ("(030) 123", [3]),
        ("668 18 00", [5]),
        ("0123 4567", [3, 2]),
    ],
)
def test_a_phone_number_is_found_by_its_digits_however_grouped(index, query, found):
    assert ids(index, query) == found


def test_status_and_kind_filters_narrow_the_list(index):
    assert ids(index, status=ACTIVE) == [3, 1]
    assert ids(index, status=ENQUIRY) == [6, 4]
    assert ids(index, kind=THERAPY) == [1, 5]
    assert ids(index, kind=COACHING) == [3]
    assert ids(index, status=ACTIVE, kind=THERAPY) == [1]
    assert ids(index, "anna", status=ENQUIRY) == [6]
    assert ids(index, "anna", kind=COACHING) == [3]
    assert ids(index, "zoe", status=ACTIVE) == []


def test_a_filter_does_not_spoil_the_next_search(index):
    assert ids(index, "an", status=CLOSED) == []
    assert ids(index, "ann") == [6, 3]


@pytest.mark.parametrize(
    ("column", "order"),
    [
        ("name", [6, 3, 1, 5, 2, 4]),
        ("status", [6, 4, 2, 3, 1, 5]),
        ("kind", [3, 1, 5, 6, 2, 4]),
        ("email", [3, 6, 2, 1, 5, 4]),
        ("phone", [3, 2, 5, 1, 6, 4]),
    ],
)
def test_sorting_by_each_column_orders_the_list_and_every_search(index, column, order):
    index.sort(column)
    assert ids(index) == order
    for query in ["a", "anna", "example", "0", "zz"]:
        found = set(ids(ClientIndex(ROWS), query))
        assert ids(index, query) == [i for i in order if i in found], query
    assert ids(index, status=ACTIVE) == [i for i in order if i in (1, 3)]
    index.sort(column, descending=True)
    assert ids(index) == order[::-1]
    assert ids(index, "example") == [i for i in order[::-1] if i in (1, 2, 6)]


def test_typing_then_deleting_never_shows_stale_results(index):
    steps = ["a", "an", "ann", "anna", "anna ", "anna b", "anna be", "anna b", "anna ", "anna"]
    steps += ["ann", "an", "a", "", "z", "zo", "z", "", "7", "79", "794", "7946 0", "794", "7"]
    steps += ["", "0", "01", "0", "anna s", "anna", "anna m", "anna"]
    for query in steps:
        assert ids(index, query) == ids(ClientIndex(ROWS), query), repr(query)


def test_typing_a_second_word_then_removing_the_first(index):
    assert ids(index, "anna berg") == [3]
    assert ids(index, "berg") == [3]
    assert ids(index, "svensson") == [6]
    assert ids(index, "anna svensson") == [6]
    assert ids(index, "anna") == [6, 3]


QUERIES = st.text(alphabet="anbergzoÖö 0179-+@.", max_size=8)
STEPS = st.one_of(
    st.tuples(st.just("type"), QUERIES, st.sampled_from([None, *ClientStatus])),
    st.tuples(st.just("sort"), st.sampled_from(list(SORT_KEYS)), st.booleans()),
)


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(STEPS, max_size=25))
def test_any_sequence_of_keystrokes_and_sorts_matches_a_fresh_search(steps):
    index = ClientIndex(ROWS)
    sorted_by = ("name", False)
    for action, first, second in steps:
        if action == "sort":
            sorted_by = (first, second)
            index.sort(first, descending=second)
            continue
        fresh = ClientIndex(ROWS)
        fresh.sort(sorted_by[0], descending=sorted_by[1])
        assert ids(index, first, status=second) == ids(fresh, first, status=second)


def test_replace_updates_a_changed_client_everywhere(index):
    assert ids(index, "adler") == [5]
    index.replace(ClientSummary(5, "Zoë Aachen", "", ACTIVE, THERAPY, "zoe@aachen.de", ""))
    assert ids(index, "adler") == []
    assert ids(index, "aachen") == [5]
    assert ids(index, status=ACTIVE) == [3, 1, 5]
    assert ids(index, "+41 44") == []
    assert len(index.rows) == 6


def test_replace_adds_a_new_client_that_the_next_search_finds(index):
    assert ids(index, "anna") == [6, 3]
    index.replace(ClientSummary(7, "Anna Zorn", "", ENQUIRY, None, "", "+49 30 555 0101"))
    assert ids(index, "anna") == [6, 7, 3]
    assert ids(index, "555 0101") == [7]
    assert len(index.rows) == 7


def test_a_new_or_renamed_client_takes_its_place_in_the_sort_order(index):
    index.replace(ClientSummary(7, "Aaron Abel", "", ENQUIRY, None, "", ""))
    assert ids(index) == [7, 6, 3, 1, 5, 2, 4]
    index.replace(ClientSummary(7, "Yusuf Abel", "", ENQUIRY, None, "", ""))
    assert ids(index) == [6, 3, 1, 7, 5, 2, 4]
    index.sort("status", descending=True)
    index.replace(ClientSummary(8, "Bea Kahn", "", CONSULTATION, None, "", ""))
    assert ids(index) == [5, 1, 3, 2, 8, 4, 7, 6]


def test_an_empty_practice_has_an_empty_list():
    index = ClientIndex([])
    assert index.search("") == []
    assert index.search("anna", status=ACTIVE) == []
    index.replace(ANNA)
    assert ids(index, "anna") == [6]
