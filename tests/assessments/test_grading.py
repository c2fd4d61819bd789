import copy
import dataclasses
import random

import pytest
from django.utils import translation

from assessments.grading import (
    MAX_TEXT_LENGTH,
    GradeResult,
    InvalidResponse,
    attempt_score,
    grade,
    shuffle_question,
    validate_response,
)


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English, whatever LANGUAGE_CODE says."""
    with translation.override("en"):
        yield


def single(*fractions, feedback=True):
    return {
        "qid": "q-single",
        "type": "single",
        "points": 1.0,
        "choices": [
            {
                "id": f"c{n}",
                "text": f"Choice {n}",
                "fraction": fraction,
                "feedback": f"feedback c{n}" if feedback else "",
            }
            for n, fraction in enumerate(fractions, start=1)
        ],
    }


def multiple(*fractions):
    return {**single(*fractions), "qid": "q-multiple", "type": "multiple"}


def truefalse(answer: bool):
    return {
        "qid": "q-tf",
        "type": "truefalse",
        "points": 1.0,
        "choices": [
            {"id": "true", "text": "", "fraction": 1.0 if answer else 0.0, "feedback": "if true"},
            {"id": "false", "text": "", "fraction": 0.0 if answer else 1.0, "feedback": ""},
        ],
    }


def short(*answers, case_sensitive=False, accent_sensitive=False):
    """answers: accepted texts (full credit) or (text, fraction, feedback) tuples."""
    rows = [a if isinstance(a, tuple) else (a, 1.0, "") for a in answers]
    return {
        "qid": "q-short",
        "type": "short",
        "points": 1.0,
        "answers": [{"text": t, "fraction": f, "feedback": fb} for t, f, fb in rows],
        "case_sensitive": case_sensitive,
        "accent_sensitive": accent_sensitive,
    }


def numerical(*answers):
    """answers: (value, tolerance, fraction) tuples."""
    return {
        "qid": "q-num",
        "type": "numerical",
        "points": 1.0,
        "numerical": [
            {"value": v, "tolerance": t, "fraction": f, "feedback": f"fb {v}±{t}"}
            for v, t, f in answers
        ],
    }


def numerical_range(low, high):
    return numerical(((low + high) / 2, (high - low) / 2, 1.0))


def matching():
    return {
        "qid": "q-match",
        "type": "matching",
        "points": 3.0,
        "pairs": [
            {"id": "p1", "left": "Spain", "right_id": "r1"},
            {"id": "p2", "left": "France", "right_id": "r2"},
            {"id": "p3", "left": "Italy", "right_id": "r3"},
        ],
        "rights": [
            {"id": "r1", "text": "Madrid"},
            {"id": "r2", "text": "Paris"},
            {"id": "r3", "text": "Rome"},
            {"id": "r-distractor", "text": "Lisbon"},
        ],
    }


def ordering(count=4):
    ids = [f"i{n}" for n in range(1, count + 1)]
    return {
        "qid": "q-order",
        "type": "ordering",
        "points": 1.0,
        "items": [{"id": item, "text": f"Step {item}"} for item in ids],
        "order": list(ids),
    }


def essay():
    return {"qid": "q-essay", "type": "essay", "points": 5.0, "response_template": ""}


ALL_TYPES = {
    "single": single(1.0, 0.0),
    "multiple": multiple(0.5, 0.5, -1.0),
    "truefalse": truefalse(True),
    "short": short("Migración"),
    "numerical": numerical((23.5, 0.0, 1.0)),
    "matching": matching(),
    "ordering": ordering(),
    "essay": essay(),
}


# single ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "fraction", "state"),
    [("c1", 1.0, "correct"), ("c2", 0.5, "partial"), ("c3", 0.0, "incorrect")],
)
def test_single_choice_earns_the_fraction_of_the_chosen_choice(choice, fraction, state):
    result = grade(single(1.0, 0.5, 0.0), {"choice": choice})
    assert result == GradeResult(fraction, state, [f"feedback {choice}"])


def test_single_choice_with_a_negative_fraction_is_floored_at_zero():
    result = grade(single(1.0, -0.5), {"choice": "c2"})
    assert (result.fraction, result.state) == (0.0, "incorrect")


def test_single_choice_without_feedback_gives_an_empty_feedback_list():
    assert grade(single(1.0, 0.0, feedback=False), {"choice": "c1"}).feedback == []


# true / false -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "choice", "fraction", "state"),
    [
        (True, "true", 1.0, "correct"),
        (True, "false", 0.0, "incorrect"),
        (False, "false", 1.0, "correct"),
        (False, "true", 0.0, "incorrect"),
    ],
)
def test_truefalse_is_all_or_nothing(answer, choice, fraction, state):
    result = grade(truefalse(answer), {"choice": choice})
    assert (result.fraction, result.state) == (fraction, state)


def test_truefalse_gives_the_feedback_of_the_chosen_answer():
    assert grade(truefalse(False), {"choice": "true"}).feedback == ["if true"]
    assert grade(truefalse(False), {"choice": "false"}).feedback == []


# multiple ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "fraction", "state"),
    [
        (["c1", "c2"], 1.0, "correct"),
        (["c1"], 0.5, "partial"),
        (["c1", "c2", "c3"], 0.5, "partial"),
        (["c1", "c3"], 0.0, "incorrect"),
        (["c3", "c4"], 0.0, "incorrect"),
        (["c4"], 0.0, "incorrect"),
        (["c1", "c1"], 0.5, "partial"),
        (["c1", "c2", "c2", "c1"], 1.0, "correct"),
    ],
    ids=[
        "all-right",
        "one-right",
        "wrong-takes-half",
        "cancels",
        "negative",
        "floored",
        "dup",
        "dups",
    ],
)
def test_multiple_sums_the_chosen_fractions_floored_at_zero_duplicates_once(
    chosen, fraction, state
):
    result = grade(multiple(0.5, 0.5, -0.5, -1.0), {"choices": chosen})
    assert (result.fraction, result.state) == (pytest.approx(fraction), state)


def test_multiple_is_capped_at_one():
    result = grade(multiple(1.0, 0.5, 0.0), {"choices": ["c1", "c2"]})
    assert (result.fraction, result.state) == (1.0, "correct")


def test_multiple_with_three_thirds_is_full_credit():
    result = grade(multiple(0.3333333, 0.3333333, 0.3333333, -1.0), {"choices": ["c1", "c2", "c3"]})
    assert (result.fraction, result.state) == (1.0, "correct")


def test_multiple_gives_the_feedback_of_each_chosen_choice_in_display_order():
    result = grade(multiple(0.5, 0.5, -0.5), {"choices": ["c3", "c1"]})
    assert result.feedback == ["feedback c1", "feedback c3"]


def test_multiple_with_nothing_ticked_is_unanswered():
    assert grade(multiple(0.5, 0.5), {"choices": []}) == GradeResult(0.0, "unanswered")


# short answer -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accepted", "options", "typed", "fraction"),
    [
        # accents
        ("Migración", {}, "migracion", 1.0),
        ("Migración", {}, "MIGRACIÓN", 1.0),
        ("migracion", {}, "Migración", 1.0),
        ("niño", {}, "nino", 1.0),
        ("Migración", {"accent_sensitive": True}, "migracion", 0.0),
        ("Migración", {"accent_sensitive": True}, "migración", 1.0),
        ("Migración", {"accent_sensitive": True}, "Migracio\u0301n", 1.0),  # decomposed é
        # case
        ("Migración", {"case_sensitive": True}, "migración", 0.0),
        ("Migración", {"case_sensitive": True}, "Migración", 1.0),
        ("Migración", {"case_sensitive": True}, "Migracion", 1.0),
        ("Migración", {"case_sensitive": True, "accent_sensitive": True}, "Migracion", 0.0),
        ("Straße", {}, "STRASSE", 1.0),
        # whitespace
        ("flujos mixtos", {}, "  flujos mixtos  ", 1.0),
        ("flujos mixtos", {}, "flujos \t\n  mixtos", 1.0),
        ("flujos mixtos", {}, "flujos\u00a0mixtos", 1.0),
        ("  flujos   mixtos ", {}, "flujos mixtos", 1.0),
        ("flujos mixtos", {}, "flujosmixtos", 0.0),
        # no partial matches without a wildcard
        ("migración", {}, "emigración", 0.0),
        ("migración", {}, "migración forzada", 0.0),
    ],
)
def test_short_answer_normalisation(accepted, options, typed, fraction):
    assert grade(short(accepted, **options), {"text": typed}).fraction == fraction


@pytest.mark.parametrize(
    ("accepted", "typed", "fraction"),
    [
        ("migra*", "migración", 1.0),
        ("migra*", "migra", 1.0),
        ("migra*", "emigración", 0.0),
        ("*ción", "emigración", 1.0),
        ("*ción", "emigraciones", 0.0),
        ("m*n", "migración", 1.0),
        ("m*n", "migraciones", 0.0),
        ("m*g*n", "migración", 1.0),
        ("*a*a*", "casa", 1.0),
        ("*a*a*", "sol", 0.0),
        ("*", "lo que sea", 1.0),
        ("*", "x", 1.0),
        ("MIGRA*", "migración", 1.0),
        ("3.5*", "3.50", 1.0),
        ("3.5*", "3x5", 0.0),
        ("f(x)*", "f(x) = 2", 1.0),
        ("f(x", "f(x", 1.0),
        ("a+b", "aab", 0.0),
        ("a+b", "a+b", 1.0),
        ("[ab]", "a", 0.0),
        ("[ab]", "[ab]", 1.0),
        ("*(a|b)*", "x(a|b)y", 1.0),
        ("*(a|b)*", "xay", 0.0),
        ("a.*", "a.bc", 1.0),
        ("a.*", "abc", 0.0),
        ("*.?", "why.?", 1.0),
        ("*.?", "why", 0.0),
        ("^$|.?", "^$|.?", 1.0),
        ("^$|.?", "x", 0.0),
        ("c:\\temp*", "c:\\temp\\x", 1.0),
        ("5\\*3", "5*3", 1.0),
        ("5\\*3", "5x3", 0.0),
        ("5\\**", "5*3", 1.0),
    ],
)
def test_short_answer_wildcard_is_a_literal_glob(accepted, typed, fraction):
    assert grade(short(accepted), {"text": typed}).fraction == fraction


def test_short_answer_wildcard_with_a_long_pathological_answer_stays_fast():
    # A plain regex a.*a.*a.*a.*b backtracks for hours on this input.
    result = grade(short("*a*a*a*a*b"), {"text": "a" * MAX_TEXT_LENGTH})
    assert result.state == "incorrect"


def test_short_answer_first_matching_answer_wins():
    question = short(("*ción", 0.5, "close"), ("migración", 1.0, "exact"))
    assert grade(question, {"text": "migración"}) == GradeResult(0.5, "partial", ["close"])
    reversed_question = short(("migración", 1.0, "exact"), ("*ción", 0.5, "close"))
    assert grade(reversed_question, {"text": "migración"}) == GradeResult(1.0, "correct", ["exact"])


def test_short_answer_catch_all_gives_its_feedback_and_no_credit():
    question = short("migración", ("*", 0.0, "Think of people moving."))
    result = grade(question, {"text": "turismo"})
    assert result == GradeResult(0.0, "incorrect", ["Think of people moving."])


def test_short_answer_without_a_match_is_incorrect_without_feedback():
    assert grade(short("migración"), {"text": "turismo"}) == GradeResult(0.0, "incorrect")


def test_short_answer_of_blanks_only_is_unanswered():
    assert grade(short("*"), {"text": " \n\t "}).state == "unanswered"


# numerical --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["23.5", "23,5", " 23.5 ", "+23.5", "23.50", "2.35e1", "2,35E1", "２３.５", "23.5\u202f"],
)
def test_numerical_reads_numbers_as_people_type_them(typed):
    assert grade(numerical((23.5, 0.0, 1.0)), {"value": typed}).state == "correct"


@pytest.mark.parametrize("typed", [" 1 000 ", "1000", "1\u202f000", "1\u00a0000,0", "1000."])
def test_numerical_ignores_spaces_between_thousands(typed):
    assert grade(numerical((1000.0, 0.0, 1.0)), {"value": typed}).state == "correct"


@pytest.mark.parametrize("typed", ["-2", "\u22122", " - 2 "])
def test_numerical_reads_negative_numbers(typed):
    assert grade(numerical((-2.0, 0.0, 1.0)), {"value": typed}).state == "correct"


@pytest.mark.parametrize(
    ("typed", "state"),
    [
        ("10", "correct"),
        ("10.5", "correct"),
        ("9.5", "correct"),
        ("10,5", "correct"),
        ("10.500001", "incorrect"),
        ("9.499999", "incorrect"),
        ("11", "incorrect"),
    ],
)
def test_numerical_tolerance_bounds_are_inclusive(typed, state):
    assert grade(numerical((10.0, 0.5, 1.0)), {"value": typed}).state == state


@pytest.mark.parametrize(
    ("low", "high", "typed", "state"),
    [
        (10, 20, "10", "correct"),
        (10, 20, "20", "correct"),
        (10, 20, "15", "correct"),
        (10, 20, "9.999", "incorrect"),
        (10, 20, "20.001", "incorrect"),
        (0.1, 0.3, "0.1", "correct"),
        (0.1, 0.3, "0.3", "correct"),
        (0.1, 0.3, "0.30001", "incorrect"),
        (0.1, 0.3, "0.09999", "incorrect"),
    ],
)
def test_numerical_range_includes_both_ends(low, high, typed, state):
    assert grade(numerical_range(low, high), {"value": typed}).state == state


@pytest.mark.parametrize("typed", ["0.2", "0.4", "0,4"])
def test_numerical_bounds_survive_binary_floating_point(typed):
    # |0.4 - 0.3| is 0.10000000000000003 in binary floating point.
    assert grade(numerical((0.3, 0.1, 1.0)), {"value": typed}).state == "correct"


def test_numerical_exact_answer_matches_despite_float_representation():
    assert grade(numerical((0.1 + 0.2, 0.0, 1.0)), {"value": "0.3"}).state == "correct"


def test_numerical_first_matching_answer_wins():
    question = numerical((10.0, 0.0, 1.0), (10.0, 1.0, 0.5))
    assert grade(question, {"value": "10"}) == GradeResult(1.0, "correct", ["fb 10.0±0.0"])
    assert grade(question, {"value": "10.5"}) == GradeResult(0.5, "partial", ["fb 10.0±1.0"])
    widest_first = numerical((10.0, 1.0, 0.5), (10.0, 0.0, 1.0))
    assert grade(widest_first, {"value": "10"}).fraction == 0.5


@pytest.mark.parametrize(
    "typed",
    [
        "abc",
        "12abc",
        "23 km",
        "1,2,3",
        "1.000,5",
        "1,000.5",
        "inf",
        "nan",
        "1_000",
        "--1",
        "1e999",
        "0x10",
        ".",
        "-",
        "e5",
        "٢٣",
    ],
)
def test_numerical_garbage_is_invalid(typed):
    assert grade(numerical((23.0, 1000.0, 1.0)), {"value": typed}) == GradeResult(0.0, "invalid")


def test_numerical_sent_as_a_json_number_is_read():
    question = numerical((23.5, 0.0, 1.0))
    assert validate_response(question, {"value": 23.5}) == {"value": "23.5"}
    assert grade(question, {"value": 23.5}).state == "correct"


# matching ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pairs", "fraction", "state"),
    [
        ({"p1": "r1", "p2": "r2", "p3": "r3"}, 1.0, "correct"),
        ({"p1": "r1", "p2": "r2", "p3": "r1"}, 2 / 3, "partial"),
        ({"p1": "r1", "p2": "r2", "p3": "r-distractor"}, 2 / 3, "partial"),
        ({"p1": "r1"}, 1 / 3, "partial"),
        ({"p1": "r2", "p2": "r1", "p3": "r-distractor"}, 0.0, "incorrect"),
        ({"p1": "r-distractor", "p2": "r-distractor", "p3": "r-distractor"}, 0.0, "incorrect"),
    ],
)
def test_matching_credits_each_correct_pair(pairs, fraction, state):
    result = grade(matching(), {"pairs": pairs})
    assert (result.fraction, result.state) == (pytest.approx(fraction), state)


def test_matching_does_not_count_pairs_with_an_empty_left():
    question = matching()
    question["pairs"].append({"id": "p4", "left": " ", "right_id": "r-distractor"})
    result = grade(question, {"pairs": {"p1": "r1", "p2": "r2", "p3": "r3"}})
    assert (result.fraction, result.state) == (1.0, "correct")


def test_matching_with_only_blank_selects_is_unanswered():
    result = grade(matching(), {"pairs": {"p1": "", "p2": None}})
    assert result.state == "unanswered"


# ordering ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "fraction", "state"),
    [
        (["i1", "i2", "i3", "i4"], 1.0, "correct"),
        (["i2", "i1", "i3", "i4"], 0.5, "partial"),
        (["i1", "i3", "i2", "i4"], 0.5, "partial"),
        (["i1", "i2", "i4", "i3"], 0.5, "partial"),
        (["i4", "i2", "i3", "i1"], 0.5, "partial"),
        (["i1", "i4", "i2", "i3"], 0.25, "partial"),
        (["i4", "i3", "i2", "i1"], 0.0, "incorrect"),
        (["i2", "i3", "i4", "i1"], 0.0, "incorrect"),
    ],
)
def test_ordering_credits_items_in_their_absolute_position(order, fraction, state):
    result = grade(ordering(), {"order": order})
    assert (result.fraction, result.state) == (fraction, state)


def test_ordering_of_some_items_places_the_rest_in_display_order():
    question = ordering()
    question["items"] = [question["items"][n] for n in (3, 2, 1, 0)]  # shown i4 i3 i2 i1
    assert validate_response(question, {"order": ["i2"]}) == {"order": ["i2", "i4", "i3", "i1"]}
    assert grade(question, {"order": ["i2"]}).fraction == 0.25  # only i3 is in its place


# essay ------------------------------------------------------------------------------------


def test_answered_essay_needs_grading():
    assert grade(essay(), {"text": "Mi respuesta."}) == GradeResult(None, "needs_grading")


def test_blank_essay_is_unanswered():
    assert grade(essay(), {"text": "   "}) == GradeResult(0.0, "unanswered")


# unanswered and invalid -------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(ALL_TYPES))
@pytest.mark.parametrize("response", [None, {}])
def test_missing_response_is_unanswered(kind, response):
    assert grade(ALL_TYPES[kind], response) == GradeResult(0.0, "unanswered")


@pytest.mark.parametrize(
    ("kind", "response"),
    [
        ("single", {"choice": "another-question-choice"}),
        ("truefalse", {"choice": "maybe"}),
        ("multiple", {"choices": ["c1", "zzz"]}),
        ("matching", {"pairs": {"p1": "r9"}}),
        ("ordering", {"order": ["i1", "i1"]}),
        ("short", {"text": 42}),
    ],
)
def test_stored_response_that_no_longer_fits_grades_as_invalid(kind, response):
    assert grade(ALL_TYPES[kind], response) == GradeResult(0.0, "invalid")


def test_snapshot_of_an_unknown_type_is_a_bug_not_a_grade():
    with pytest.raises(ValueError, match="hotspot"):
        grade({"qid": "q", "type": "hotspot"}, {"choice": "a"})


# validate_response ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "response"),
    [
        ("single", {"choice": "c9"}),
        ("truefalse", {"choice": "c1"}),
        ("multiple", {"choices": ["c1", "c9"]}),
        ("matching", {"pairs": {"p9": "r1"}}),
        ("matching", {"pairs": {"p1": "c1"}}),
        ("ordering", {"order": ["i1", "c1"]}),
    ],
)
def test_validate_rejects_ids_of_another_question(kind, response):
    with pytest.raises(InvalidResponse, match="not part of the question"):
        validate_response(ALL_TYPES[kind], response)


@pytest.mark.parametrize(
    ("kind", "response"),
    [
        ("single", "c1"),
        ("single", ["c1"]),
        ("single", {"choices": ["c1"]}),
        ("single", {"choice": 1}),
        ("single", {"choice": ["c1"]}),
        ("single", {"choice": "c1", "extra": True}),
        ("truefalse", {"choice": True}),
        ("multiple", {"choice": "c1"}),
        ("multiple", {"choices": "c1"}),
        ("multiple", {"choices": [1]}),
        ("short", {"value": "x"}),
        ("short", {"text": ["x"]}),
        ("essay", {"text": {"x": 1}}),
        ("numerical", {"text": "23"}),
        ("numerical", {"value": ["23"]}),
        ("numerical", {"value": True}),
        ("matching", {"pairs": [["p1", "r1"]]}),
        ("matching", {"pairs": {"p1": 1}}),
        ("ordering", {"order": "i1 i2"}),
        ("ordering", {"order": [1, 2]}),
        ("ordering", {"order": ["i1", "i1"]}),
    ],
)
def test_validate_rejects_a_shape_wrong_for_the_type(kind, response):
    with pytest.raises(InvalidResponse, match="form its question expects"):
        validate_response(ALL_TYPES[kind], response)


@pytest.mark.parametrize(
    ("kind", "response"),
    [
        ("multiple", {"choices": ["c1", "c2", "c3", "c1"]}),
        ("matching", {"pairs": {"p1": "r1", "p2": "r2", "p3": "r3", "p4": "r1"}}),
        ("ordering", {"order": ["i1", "i2", "i3", "i4", "i5"]}),
    ],
)
def test_validate_rejects_more_ids_than_the_question_has(kind, response):
    with pytest.raises(InvalidResponse, match="more options"):
        validate_response(ALL_TYPES[kind], response)


@pytest.mark.parametrize("kind", ["short", "essay"])
def test_validate_rejects_text_over_the_limit(kind):
    with pytest.raises(InvalidResponse, match="too long"):
        validate_response(ALL_TYPES[kind], {"text": "x" * (MAX_TEXT_LENGTH + 1)})


@pytest.mark.parametrize("kind", ["short", "essay"])
def test_validate_accepts_text_at_the_limit(kind):
    text = "x" * MAX_TEXT_LENGTH
    assert validate_response(ALL_TYPES[kind], {"text": text}) == {"text": text}


def test_validate_counts_a_browser_line_break_as_one_character():
    typed = "x" * (MAX_TEXT_LENGTH - 1000) + "\r\n" * 1000
    cleaned = validate_response(essay(), {"text": typed})
    assert cleaned == {"text": "x" * (MAX_TEXT_LENGTH - 1000) + "\n" * 1000}


def test_validate_rejects_an_absurdly_long_number():
    with pytest.raises(InvalidResponse, match="too long"):
        validate_response(numerical((1.0, 0.0, 1.0)), {"value": "1" * 101})


@pytest.mark.parametrize(
    ("kind", "response", "cleaned"),
    [
        ("single", {"choice": "c1"}, {"choice": "c1"}),
        ("single", {"choice": ""}, {}),
        ("single", {"choice": None}, {}),
        ("multiple", {"choices": ["c2", "c1", "c2"]}, {"choices": ["c2", "c1"]}),
        ("multiple", {"choices": []}, {}),
        ("short", {"text": "  Migración "}, {"text": "  Migración "}),
        ("short", {"text": ""}, {}),
        ("numerical", {"value": " 23,5 "}, {"value": " 23,5 "}),
        ("numerical", {"value": "abc"}, {"value": "abc"}),
        ("numerical", {"value": "  "}, {}),
        ("matching", {"pairs": {"p1": "r1", "p2": ""}}, {"pairs": {"p1": "r1"}}),
        ("matching", {"pairs": {}}, {}),
        ("ordering", {"order": []}, {}),
        ("ordering", {"order": ["i2", "i1"]}, {"order": ["i2", "i1", "i3", "i4"]}),
    ],
)
def test_validate_returns_the_normal_form(kind, response, cleaned):
    assert validate_response(ALL_TYPES[kind], response) == cleaned


def test_validate_rejects_answers_to_an_unknown_type():
    with pytest.raises(InvalidResponse):
        validate_response({"qid": "q", "type": "hotspot"}, {"choice": "a"})


def test_validate_message_is_a_readable_sentence():
    with pytest.raises(InvalidResponse) as error:
        validate_response(single(1.0, 0.0), {"choice": "c9"})
    assert str(error.value) == "This answer refers to an option that is not part of the question."


# shuffle_question -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "key"),
    [("single", "choices"), ("multiple", "choices"), ("matching", "rights"), ("ordering", "items")],
)
def test_shuffle_reorders_the_entries_and_leaves_the_input_alone(kind, key):
    question = {**ALL_TYPES[kind], key: [{"id": f"e{n}", "text": str(n)} for n in range(8)]}
    if kind == "ordering":
        question["order"] = [f"e{n}" for n in range(8)]
    before = copy.deepcopy(question)
    orders = {
        tuple(e["id"] for e in shuffle_question(question, random.Random(seed))[key])
        for seed in range(20)
    }
    assert question == before
    assert len(orders) > 1
    assert all(sorted(order) == sorted(e["id"] for e in before[key]) for order in orders)


def test_shuffle_returns_an_independent_copy():
    question = single(1.0, 0.0, 0.0)
    shuffled = shuffle_question(question, random.Random(1))
    shuffled["choices"][0]["fraction"] = 99
    shuffled["points"] = 99
    assert question == single(1.0, 0.0, 0.0)


def test_shuffle_is_reproducible_with_the_same_seed():
    question = multiple(*[0.1] * 10)
    first = shuffle_question(question, random.Random(42))
    assert shuffle_question(question, random.Random(42)) == first


@pytest.mark.parametrize("kind", ["truefalse", "short", "numerical", "essay"])
def test_shuffle_leaves_other_types_in_order(kind):
    question = ALL_TYPES[kind]
    for seed in range(10):
        shuffled = shuffle_question(question, random.Random(seed))
        assert shuffled == question
        assert shuffled is not question


def test_shuffle_of_matching_keeps_the_stems_in_order():
    shuffled = shuffle_question(matching(), random.Random(3))
    assert shuffled["pairs"] == matching()["pairs"]


@pytest.mark.parametrize("count", [2, 3, 4])
def test_shuffled_ordering_is_never_shown_in_the_right_order(count):
    question = ordering(count)
    for seed in range(50):
        shown = [item["id"] for item in shuffle_question(question, random.Random(seed))["items"]]
        assert shown != question["order"]
        assert sorted(shown) == sorted(question["order"])


@pytest.mark.parametrize(
    ("kind", "response"),
    [
        ("single", {"choice": "c1"}),
        ("multiple", {"choices": ["c1", "c3"]}),
        ("matching", {"pairs": {"p1": "r1", "p2": "r3"}}),
        ("ordering", {"order": ["i1", "i3", "i2", "i4"]}),
    ],
)
def test_shuffled_question_grades_the_same_response_the_same(kind, response):
    question = ALL_TYPES[kind]
    shuffled = shuffle_question(question, random.Random(7))
    original, again = grade(question, response), grade(shuffled, response)
    assert (again.fraction, again.state) == (original.fraction, original.state)
    # Feedback follows the order the learner saw.
    assert sorted(again.feedback) == sorted(original.feedback)


# attempt_score ----------------------------------------------------------------------------


def test_attempt_score_weighs_fractions_by_points_and_counts_pending_essays_in_the_maximum():
    questions = [
        {**single(1.0, 0.0), "qid": "a", "points": 2.0},
        {**multiple(0.5, 0.5), "qid": "b", "points": 3.0},
        {**essay(), "qid": "c", "points": 5.0},
        {**short("x"), "qid": "d", "points": 1.0},
    ]
    grades = {
        "a": GradeResult(1.0, "correct"),
        "b": GradeResult(0.5, "partial"),
        "c": GradeResult(None, "needs_grading"),
        "d": GradeResult(0.0, "unanswered"),
    }
    assert attempt_score(questions, grades) == (pytest.approx(3.5), pytest.approx(11.0))


def test_attempt_score_counts_a_question_without_a_grade_as_zero_earned():
    questions = [{**single(1.0, 0.0), "qid": "a", "points": 2.0}, {**essay(), "qid": "b"}]
    assert attempt_score(questions, {"a": GradeResult(1.0, "correct")}) == (2.0, 7.0)


def test_attempt_score_of_no_questions_is_zero_of_zero():
    assert attempt_score([], {}) == (0.0, 0.0)


def test_attempt_score_from_grade_results_end_to_end():
    questions = [ALL_TYPES["single"], ALL_TYPES["matching"], ALL_TYPES["essay"]]
    answers = {
        "q-single": {"choice": "c1"},
        "q-match": {"pairs": {"p1": "r1", "p2": "r2", "p3": "r-distractor"}},
        "q-essay": {"text": "Texto"},
    }
    grades = {q["qid"]: grade(q, answers.get(q["qid"])) for q in questions}
    earned, maximum = attempt_score(questions, grades)
    assert earned == pytest.approx(1.0 + 2.0)
    assert maximum == pytest.approx(1.0 + 3.0 + 5.0)


def test_grade_result_is_frozen():
    result = GradeResult(1.0, "correct")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.fraction = 0.0  # type: ignore[misc]
