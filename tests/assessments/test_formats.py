import base64
from pathlib import Path

import pytest
from django.utils import translation

from assessments.formats import (
    ParseResult,
    SkippedQuestion,
    export_moodle_xml,
    parse_gift,
    parse_moodle_xml,
)

MOODLE_FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "moodle"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def fixture_file(name: str) -> Path:
    path = MOODLE_FIXTURES / name
    if not path.is_file():
        pytest.skip(f"Moodle fixture {path} not found (shared fixtures live beside the checkout)")
    return path


def by_name(result: ParseResult) -> dict[str, dict]:
    return {q["name"]: q for q in result.questions}


def quiz(*questions: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>' + "".join(questions) + "</quiz>"
    ).encode()


def header(name: str, text: str = "Question text", fmt: str = "html") -> str:
    return (
        f"<name><text>{name}</text></name>"
        f'<questiontext format="{fmt}"><text>{text}</text></questiontext>'
    )


def answer(fraction, text, feedback="", extra=""):
    return (
        f'<answer fraction="{fraction}"><text>{text}</text>{extra}'
        f"<feedback><text>{feedback}</text></feedback></answer>"
    )


def subquestion(left, right):
    return (
        f'<subquestion format="html"><text>{left}</text>'
        f"<answer><text>{right}</text></answer></subquestion>"
    )


def truefalse_xml(name="TF", right="true"):
    wrong = "false" if right == "true" else "true"
    answers = answer(100, right) + answer(0, wrong)
    return f'<question type="truefalse">{header(name)}{answers}</question>'


BASE = {
    "general_feedback": "",
    "points": 1.0,
    "penalty": 0.3333333,
    "category": [],
    "category_info": "",
    "tags": [],
    "shuffle": True,
    "files": [],
}


# --- the real Moodle XML fixture ------------------------------------------------------------


def test_moodle_fixture_yields_five_questions_in_four_nested_categories():
    result = parse_moodle_xml(fixture_file("nested_categories_with_questions.xml").read_bytes())

    assert result.skipped == []
    assert [q["type"] for q in result.questions] == ["truefalse", "essay"] + ["truefalse"] * 3
    assert result.categories == [
        {"path": ["Iota"], "info": "This is Iota category for test"},
        {"path": ["Iota", "Kappa"], "info": "This is Kappa category for test"},
        {"path": ["Iota", "Kappa", "Lambda"], "info": "This is Lambda category for test"},
        {"path": ["Iota", "Mu"], "info": "This is Mu category for test"},
    ]


def test_moodle_fixture_questions_sit_in_their_category_with_its_description():
    result = parse_moodle_xml(fixture_file("nested_categories_with_questions.xml").read_bytes())

    placed = {q["name"]: (q["category"], q["category_info"]) for q in result.questions}
    assert placed == {
        "Iota Question": (["Iota"], "This is Iota category for test"),
        "Kappa Essay Question": (["Iota", "Kappa"], "This is Kappa category for test"),
        "Kappa Question": (["Iota", "Kappa"], "This is Kappa category for test"),
        "Lambda Question": (["Iota", "Kappa", "Lambda"], "This is Lambda category for test"),
        "Mu Question": (["Iota", "Mu"], "This is Mu category for test"),
    }


def test_moodle_fixture_true_false_question_is_read_whole():
    result = parse_moodle_xml(fixture_file("nested_categories_with_questions.xml").read_bytes())

    assert by_name(result)["Lambda Question"] == {
        **BASE,
        "type": "truefalse",
        "name": "Lambda Question",
        "text": "<p>Testing Lambda Question</p>",
        "text_format": "html",
        "penalty": 1.0,
        "category": ["Iota", "Kappa", "Lambda"],
        "category_info": "This is Lambda category for test",
        "truefalse": {"answer": True, "feedback_true": "", "feedback_false": ""},
    }


def test_moodle_fixture_essay_question_is_read_whole():
    result = parse_moodle_xml(fixture_file("nested_categories_with_questions.xml").read_bytes())

    assert by_name(result)["Kappa Essay Question"] == {
        **BASE,
        "type": "essay",
        "name": "Kappa Essay Question",
        "text": "Testing Kappa Essay Question",
        "text_format": "moodle",
        "penalty": 0.0,
        "category": ["Iota", "Kappa"],
        "category_info": "This is Kappa category for test",
        "essay": {"response_template": "", "grader_info": ""},
    }


# --- the real GIFT fixture -------------------------------------------------------------------


@pytest.fixture
def gift_fixture() -> ParseResult:
    return parse_gift(fixture_file("questions.gift.txt").read_text(encoding="utf-8"))


def test_gift_fixture_yields_nine_questions_like_moodle(gift_fixture):
    assert gift_fixture.skipped == []
    assert gift_fixture.categories == []
    assert [(q["name"], q["type"]) for q in gift_fixture.questions] == [
        ("Q8", "essay"),
        ("Moodle activities", "matching"),
        ("Q2", "single"),
        ("colours", "multiple"),
        ("Q5", "numerical"),
        ("Shortanswer", "short"),
        ("Q1", "truefalse"),
        ("2-08 TSL", "truefalse"),
        ("2-08 TSL", "truefalse"),
    ]


def test_gift_fixture_essay(gift_fixture):
    assert gift_fixture.questions[0] == {
        **BASE,
        "type": "essay",
        "name": "Q8",
        "text": "How are you?",
        "text_format": "moodle",
        "essay": {"response_template": "", "grader_info": ""},
    }


def test_gift_fixture_matching_keeps_formats_out_of_the_text_and_the_distractor(gift_fixture):
    question = by_name(gift_fixture)["Moodle activities"]

    assert question["text"] == "Match the <b>activity</b> to the description."
    assert question["text_format"] == "html"
    assert question["matching"] == {
        "pairs": [
            {"left": "An activity supporting asynchronous discussions.", "right": "Forum"},
            {
                "left": "A teacher asks a question and specifies a choice of multiple responses.",
                "right": "Choice",
            },
            {
                "left": "A bank of record entries which participants can add to.",
                "right": "Database",
            },
            {"left": "A collection of web pages that anyone can add to or edit.", "right": "Wiki"},
            {"left": "", "right": "Chat"},
        ]
    }


def test_gift_fixture_multiple_choice_with_feedback(gift_fixture):
    question = by_name(gift_fixture)["Q2"]

    assert question["text"] == "What's between orange and green in the spectrum?"
    assert question["single"] is True
    assert question["choices"] == [
        {"text": "yellow", "fraction": 1.0, "feedback": "right; good!"},
        {"text": "red", "fraction": 0.0, "feedback": "wrong, it's yellow"},
        {"text": "blue", "fraction": 0.0, "feedback": "wrong, it's yellow"},
    ]


def test_gift_fixture_multiple_response_with_negative_weights(gift_fixture):
    question = by_name(gift_fixture)["colours"]

    assert question["single"] is False
    assert question["choices"] == [
        {"text": "yellow", "fraction": 0.5, "feedback": "right; good!"},
        {"text": "red", "fraction": -1.0, "feedback": "wrong"},
        {"text": "off-beige", "fraction": 0.5, "feedback": "right; good!"},
        {"text": "blue", "fraction": -1.0, "feedback": "wrong"},
    ]


def test_gift_fixture_numerical_range_with_the_fixtures_trailing_text(gift_fixture):
    question = by_name(gift_fixture)["Q5"]

    # `{#3:2~#Completely wrong}";` — the `";` after the answers is in Moodle's own fixture; as in
    # Moodle, text after the answers makes a missing-word question. The "~#" feedback for any
    # other answer has no place in the bank format.
    assert question["text"] == 'What is a number from 1 to 5? _____";'
    assert question["numerical"] == {
        "answers": [{"value": 3.0, "tolerance": 2.0, "fraction": 1.0, "feedback": ""}]
    }


def test_gift_fixture_short_answer_with_partial_credit_and_wildcard(gift_fixture):
    question = by_name(gift_fixture)["Shortanswer"]

    assert question["text"] == "Which is the best animal?"
    assert question["short"] == {
        "answers": [
            {"text": "Frog", "fraction": 1.0, "feedback": "Good!"},
            {"text": "Cat", "fraction": 0.5, "feedback": "What is it with Moodlers and cats?"},
            {"text": "*", "fraction": 0.0, "feedback": "Completely wrong"},
        ],
        "case_sensitive": False,
    }


def test_gift_fixture_true_false_with_both_feedbacks_and_general_feedback(gift_fixture):
    question = by_name(gift_fixture)["Q1"]

    assert question["truefalse"] == {
        "answer": False,
        "feedback_true": "42 is the Ultimate Answer.",
        "feedback_false": "You gave the right answer.",
    }
    assert question["general_feedback"] == (
        "This is, of course, a Hitchiker's Guide to the Galaxy reference."
    )
    assert question["penalty"] == 1.0


def test_gift_fixture_t_and_true_are_the_same_answer(gift_fixture):
    short, long = gift_fixture.questions[7], gift_fixture.questions[8]

    assert short == long
    assert short["text"] == "TSL is blablabla."
    assert short["truefalse"]["answer"] is True


# --- Moodle XML: each supported type ---------------------------------------------------------


def test_xml_single_choice_reads_every_common_field():
    data = quiz(
        '<question type="multichoice">',
        header("Colours", "<![CDATA[<p>Pick <b>one</b></p>]]>"),
        '<generalfeedback format="html"><text><![CDATA[<p>Yellow.</p>]]></text></generalfeedback>',
        "<defaultgrade>2.5000000</defaultgrade><penalty>0.1000000</penalty>",
        "<single>true</single><shuffleanswers>0</shuffleanswers>",
        answer(100, "yellow", "Right"),
        answer("33.33333", "orange", "Close"),
        answer(0, "red"),
        answer(0, ""),
        "<tags><tag><text>colour</text></tag><tag><text>easy</text></tag></tags>",
        "</question>",
    )

    (question,) = parse_moodle_xml(data).questions

    assert question == {
        **BASE,
        "type": "single",
        "name": "Colours",
        "text": "<p>Pick <b>one</b></p>",
        "text_format": "html",
        "general_feedback": "<p>Yellow.</p>",
        "points": 2.5,
        "penalty": 0.1,
        "tags": ["colour", "easy"],
        "shuffle": False,
        "single": True,
        "choices": [
            {"text": "yellow", "fraction": 1.0, "feedback": "Right"},
            {"text": "orange", "fraction": 0.3333333, "feedback": "Close"},
            {"text": "red", "fraction": 0.0, "feedback": ""},
        ],
    }


def test_xml_multiple_response_keeps_negative_fractions():
    data = quiz(
        '<question type="multichoice">',
        header("Multi"),
        "<single>false</single><shuffleanswers>true</shuffleanswers>",
        answer(50, "a"),
        answer(50, "b"),
        answer(-100, "c"),
        "</question>",
    )

    (question,) = parse_moodle_xml(data).questions

    assert (question["type"], question["single"], question["shuffle"]) == ("multiple", False, True)
    assert [c["fraction"] for c in question["choices"]] == [0.5, 0.5, -1.0]


def test_xml_true_false_puts_each_feedback_on_its_answer():
    data = quiz(
        '<question type="truefalse">',
        header("Sky"),
        answer(0, "true", "No, it is not."),
        answer(100, "false", "Indeed."),
        "</question>",
    )

    (question,) = parse_moodle_xml(data).questions

    assert question["truefalse"] == {
        "answer": False,
        "feedback_true": "No, it is not.",
        "feedback_false": "Indeed.",
    }


def test_xml_short_answer_reads_case_sensitivity():
    data = quiz(
        '<question type="shortanswer">',
        header("Capital"),
        "<usecase>1</usecase>",
        answer(100, "Paris", "Yes"),
        answer(0, "*", "No"),
        "</question>",
    )

    (question,) = parse_moodle_xml(data).questions

    assert question["short"] == {
        "answers": [
            {"text": "Paris", "fraction": 1.0, "feedback": "Yes"},
            {"text": "*", "fraction": 0.0, "feedback": "No"},
        ],
        "case_sensitive": True,
    }


def test_xml_numerical_reads_tolerances_and_leaves_out_the_worthless_catch_all():
    data = quiz(
        '<question type="numerical">',
        header("Pi"),
        answer(100, "3.14", "Good", "<tolerance>0.01</tolerance>"),
        answer(50, "3", "Rough", "<tolerance>0.5</tolerance>"),
        answer(0, "*", "Far off", "<tolerance>0</tolerance>"),
        "</question>",
    )

    (question,) = parse_moodle_xml(data).questions

    assert question["numerical"] == {
        "answers": [
            {"value": 3.14, "tolerance": 0.01, "fraction": 1.0, "feedback": "Good"},
            {"value": 3.0, "tolerance": 0.5, "fraction": 0.5, "feedback": "Rough"},
        ]
    }


def test_xml_numerical_with_units_is_skipped():
    data = quiz(
        '<question type="numerical">',
        header("Length"),
        answer(100, "3", "", "<tolerance>0</tolerance>"),
        "<units><unit><multiplier>1</multiplier><unit_name>m</unit_name></unit></units>",
        "<showunits>0</showunits>",
        "</question>",
    )

    result = parse_moodle_xml(data)

    assert result.questions == []
    assert result.skipped == [
        SkippedQuestion(1, "Length", "numerical questions with units are not supported")
    ]


def test_xml_matching_keeps_an_empty_subquestion_as_a_distractor():
    data = quiz(
        '<question type="matching">',
        header("Capitals"),
        "<shuffleanswers>false</shuffleanswers>",
        subquestion("France", "Paris"),
        subquestion("Peru", "Lima"),
        subquestion("", "Quito"),
        "</question>",
    )

    (question,) = parse_moodle_xml(data).questions

    assert question["shuffle"] is False
    assert question["matching"] == {
        "pairs": [
            {"left": "France", "right": "Paris"},
            {"left": "Peru", "right": "Lima"},
            {"left": "", "right": "Quito"},
        ]
    }


def test_xml_ordering_items_follow_their_positions():
    data = quiz(
        '<question type="ordering">',
        header("Steps"),
        "<selecttype>ALL</selecttype><selectcount>0</selectcount>",
        answer("3.0000000", "Third"),
        answer("1.0000000", "First"),
        answer("2.0000000", "Second"),
        "</question>",
    )

    (question,) = parse_moodle_xml(data).questions

    assert question["ordering"] == {"items": ["First", "Second", "Third"]}


def test_xml_essay_reads_template_and_grader_information():
    data = quiz(
        '<question type="essay">',
        header("Essay"),
        '<graderinfo format="html">',
        "<text><![CDATA[<p>Look for two causes.</p>]]></text></graderinfo>",
        '<responsetemplate format="html"><text>Causes: …</text></responsetemplate>',
        "</question>",
    )

    (question,) = parse_moodle_xml(data).questions

    assert question["essay"] == {
        "response_template": "Causes: …",
        "grader_info": "<p>Look for two causes.</p>",
    }


@pytest.mark.parametrize(
    ("moodle", "ours"),
    [
        ("html", "html"),
        ("moodle_auto_format", "moodle"),
        ("plain_text", "plain"),
        ("markdown", "markdown"),
    ],
)
def test_xml_text_formats_map_to_the_bank_names(moodle, ours):
    data = quiz(f'<question type="essay">{header("E", "Text", fmt=moodle)}</question>')

    assert parse_moodle_xml(data).questions[0]["text_format"] == ours


def test_xml_category_paths_drop_the_context_and_top_and_unescape_slashes():
    data = quiz(
        '<question type="category"><category><text>$course$/top/Default for C1/A//B</text>'
        "</category></question>",
        truefalse_xml("In A/B"),
        '<question type="category"><category><text>$system$/top</text></category></question>',
        truefalse_xml("At the top"),
    )

    result = parse_moodle_xml(data)

    assert result.categories == [{"path": ["Default for C1", "A/B"], "info": ""}]
    assert [q["category"] for q in result.questions] == [["Default for C1", "A/B"], []]


# --- Moodle XML: embedded files ----------------------------------------------------------------


def with_file(name: str, content: bytes, path: str = "/") -> bytes:
    encoded = base64.b64encode(content).decode()
    return quiz(
        '<question type="truefalse">',
        '<name><text>Picture</text></name><questiontext format="html">',
        '<text><![CDATA[<img src="@@PLUGINFILE@@/a.png">]]></text>',
        f'<file name="{name}" path="{path}" encoding="base64">{encoded}</file>',
        "</questiontext>",
        answer(100, "true"),
        answer(0, "false"),
        "</question>",
    )


def test_xml_embedded_base64_file_is_collected():
    (question,) = parse_moodle_xml(with_file("a.png", b"\x89PNG fake")).questions

    assert question["files"] == [
        {"name": "a.png", "path": "/", "data": base64.b64encode(b"\x89PNG fake").decode()}
    ]


def test_xml_embedded_file_over_five_megabytes_skips_the_question():
    result = parse_moodle_xml(with_file("big.png", b"x" * (5 * 1024 * 1024 + 1)))

    assert result.questions == []
    assert result.skipped == [
        SkippedQuestion(1, "Picture", "the embedded file “big.png” is larger than 5 MB")
    ]


def test_xml_embedded_file_of_exactly_five_megabytes_is_kept():
    result = parse_moodle_xml(with_file("edge.png", b"x" * (5 * 1024 * 1024)))

    assert len(result.questions[0]["files"]) == 1


@pytest.mark.parametrize("name", ["../evil.php", "a/b.png", "a\\b.png", ".."])
def test_xml_embedded_file_with_an_unsafe_name_skips_the_question(name):
    result = parse_moodle_xml(with_file(name, b"data"))

    assert result.questions == []
    assert result.skipped[0].reason == f"the embedded file name “{name}” is not safe"


def test_xml_embedded_file_with_a_climbing_path_skips_the_question():
    result = parse_moodle_xml(with_file("a.png", b"data", path="/../../"))

    assert result.skipped[0].reason == "the embedded file path “/../../” is not safe"


def test_xml_embedded_file_that_is_not_base64_skips_the_question():
    data = with_file("a.png", b"data").replace(base64.b64encode(b"data"), b"!!not base64!!")

    assert parse_moodle_xml(data).skipped[0].reason == (
        "the embedded file “a.png” is not valid base64"
    )


# --- Moodle XML: what is skipped, and why ---------------------------------------------------------


def test_xml_description_is_skipped_as_not_a_question():
    data = quiz(f'<question type="description">{header("Intro")}</question>', truefalse_xml())

    result = parse_moodle_xml(data)

    assert [q["name"] for q in result.questions] == ["TF"]
    assert result.skipped == [SkippedQuestion(1, "Intro", "descriptions are not questions")]


@pytest.mark.parametrize("qtype", ["calculated", "ddwtos", "cloze", "multianswer", "random"])
def test_xml_unsupported_type_is_skipped_with_its_name(qtype):
    data = quiz(truefalse_xml("Before"), f'<question type="{qtype}">{header("Other")}</question>')

    result = parse_moodle_xml(data)

    assert [q["name"] for q in result.questions] == ["Before"]
    assert result.skipped == [
        SkippedQuestion(2, "Other", f"the Moodle question type “{qtype}” is not supported")
    ]


def test_xml_broken_file_is_reported_with_its_line_and_nothing_raised():
    result = parse_moodle_xml(b'<?xml version="1.0"?>\n<quiz>\n<question type="essay">\n</quiz>')

    assert result.questions == []
    assert len(result.skipped) == 1
    assert result.skipped[0].index == 0
    assert result.skipped[0].reason.startswith("the file is not valid XML: mismatched tag")
    assert "(line 4, column 2)" in result.skipped[0].reason


def test_xml_entity_expansion_is_refused():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<quiz><question type='essay'><name><text>&b;</text></name></question></quiz>"
    )

    result = parse_moodle_xml(data)

    assert result.questions == []
    assert result.skipped[0].reason == (
        "the file uses XML features that are refused for safety (EntitiesForbidden)"
    )


def test_xml_other_root_element_is_refused():
    result = parse_moodle_xml(b"<html><body/></html>")

    assert result.skipped == [
        SkippedQuestion(
            0, "", "the file is not a Moodle XML question file: it starts with <html>, not <quiz>"
        )
    ]


def test_xml_broken_questions_are_skipped_and_the_good_ones_kept():
    data = quiz(
        truefalse_xml("Good 1"),
        f'<question type="multichoice">{header("No right answer")}'
        f"{answer(0, 'a')}{answer(50, 'b')}</question>",
        f'<question type="truefalse">{header("No answers")}</question>',
        f'<question type="numerical">{header("Not a number")}{answer(100, "three")}</question>',
        f'<question type="multichoice">{header("Bad credit")}'
        f"{answer('lots', 'a')}{answer(100, 'b')}</question>",
        truefalse_xml("Good 2", right="false"),
    )

    result = parse_moodle_xml(data)

    assert [q["name"] for q in result.questions] == ["Good 1", "Good 2"]
    assert result.skipped == [
        SkippedQuestion(2, "No right answer", "no choice gives full credit"),
        SkippedQuestion(
            3, "No answers", "a true/false question needs its “true” and “false” answers"
        ),
        SkippedQuestion(4, "Not a number", "“three” is not a number (numerical answer)"),
        SkippedQuestion(5, "Bad credit", "“lots” is not a number (answer credit)"),
    ]


# --- GIFT -----------------------------------------------------------------------------------------


def test_gift_escapes_keep_special_characters_literal():
    text = r"::a\:b:: What is 1 \= 1 \# \{x\} \~ ok?{=yes \# sure ~no\~way #nope}"

    (question,) = parse_gift(text).questions

    assert question["name"] == "a:b"
    assert question["text"] == "What is 1 = 1 # {x} ~ ok?"
    assert question["choices"] == [
        {"text": "yes # sure", "fraction": 1.0, "feedback": ""},
        {"text": "no~way", "fraction": 0.0, "feedback": "nope"},
    ]


def test_gift_escaped_newline_and_backslash():
    (question,) = parse_gift(r"Line one\nline two \\ end{}").questions

    assert question["text"] == "Line one\nline two \\ end"


def test_gift_comments_are_ignored_and_tags_read_from_them():
    text = "// a comment {T}\n// [tag:geo] [tag: capitals ]\n::Q:: Paris is in France.{T}\n// tail"

    result = parse_gift(text)

    (question,) = result.questions
    assert question["text"] == "Paris is in France."
    assert question["tags"] == ["geo", "capitals"]


def test_gift_category_applies_to_the_questions_that_follow():
    text = (
        "::Before:: One.{T}\n\n"
        "$CATEGORY: $course$/top/Geography/Capitals\n\n"
        "::First:: Two.{T}\n\n"
        "::Second:: Three.{F}\n\n"
        "$CATEGORY: Other\n::Third:: Four.{T}\n"
    )

    result = parse_gift(text)

    assert [(q["name"], q["category"]) for q in result.questions] == [
        ("Before", []),
        ("First", ["Geography", "Capitals"]),
        ("Second", ["Geography", "Capitals"]),
        ("Third", ["Other"]),
    ]
    assert result.categories == [
        {"path": ["Geography", "Capitals"], "info": ""},
        {"path": ["Other"], "info": ""},
    ]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ("{#3:0.5}", [(3.0, 0.5, 1.0)]),
        ("{#1..5}", [(3.0, 2.0, 1.0)]),
        ("{#-5..-1}", [(-3.0, 2.0, 1.0)]),
        ("{#2}", [(2.0, 0.0, 1.0)]),
        ("{#=3:0 =%50%3:1}", [(3.0, 0.0, 1.0), (3.0, 1.0, 0.5)]),
        ("{#\n=1822:0 #Exact\n=%50%1822:2 #Close\n}", [(1822.0, 0.0, 1.0), (1822.0, 2.0, 0.5)]),
    ],
)
def test_gift_numerical_forms(answers, expected):
    (question,) = parse_gift("Number?" + answers).questions

    found = [(a["value"], a["tolerance"], a["fraction"]) for a in question["numerical"]["answers"]]
    assert found == expected


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ("{#three}", "“three” is not a number (numerical answer)"),
        ("{#3:x}", "“x” is not a number (tolerance)"),
        ("{#5..1}", "the range “5..1” ends below its start"),
        ("{#}", "a numerical question needs an answer"),
    ],
)
def test_gift_bad_numerical_is_skipped(answers, reason):
    result = parse_gift("::N:: Number?" + answers)

    assert result.skipped == [SkippedQuestion(1, "N", reason)]


def test_gift_short_answer_and_matching_and_essay():
    text = (
        "::S:: Two plus two?{=four =4}\n\n"
        "::M:: Match.{=cat -> meow =dog -> woof =-> moo}\n\n"
        "::E:: Tell me.{####Anything goes.}"
    )

    short, matching, essay = parse_gift(text).questions

    assert [a["text"] for a in short["short"]["answers"]] == ["four", "4"]
    assert matching["matching"]["pairs"] == [
        {"left": "cat", "right": "meow"},
        {"left": "dog", "right": "woof"},
        {"left": "", "right": "moo"},
    ]
    assert (essay["type"], essay["general_feedback"]) == ("essay", "Anything goes.")


def test_gift_text_format_markers():
    text = "[markdown]**Bold** question{T}\n\n[plain]Plain <b> question{T}\n\n[html]<p>Hi</p>{T}"

    found = [(q["text_format"], q["text"]) for q in parse_gift(text).questions]

    assert found == [
        ("markdown", "**Bold** question"),
        ("plain", "Plain <b> question"),
        ("html", "<p>Hi</p>"),
    ]


def test_gift_missing_word_question_marks_the_gap():
    (question,) = parse_gift("Grant is {~buried =entombed ~living} in Grant's tomb.").questions

    assert question["text"] == "Grant is _____ in Grant's tomb."
    assert [c["fraction"] for c in question["choices"]] == [0.0, 1.0, 0.0]


def test_gift_true_false_feedback_goes_to_the_matching_answer():
    (question,) = parse_gift("Sun is cold.{F#No, it is hot.#Right.}").questions

    assert question["truefalse"] == {
        "answer": False,
        "feedback_true": "No, it is hot.",
        "feedback_false": "Right.",
    }


def test_gift_unsupported_and_broken_questions_are_skipped_the_rest_kept():
    text = (
        "::Intro:: Just a description.\n\n"
        "::Open:: Missing brace {=a\n\n"
        "::Two:: Two blocks {T} and {F}\n\n"
        "::Order:: Put in order {>1 ALL a b c}\n\n"
        "::One:: Only one choice {~a}\n\n"
        "::Match:: Broken {=a -> b =c}\n\n"
        "::Good:: Fine.{T}"
    )

    result = parse_gift(text)

    assert [q["name"] for q in result.questions] == ["Good"]
    assert result.skipped == [
        SkippedQuestion(1, "Intro", "descriptions are not questions"),
        SkippedQuestion(2, "Open", "the braces { } around the answers do not match"),
        SkippedQuestion(3, "Two", "a question can have only one answer block { }"),
        SkippedQuestion(4, "Order", "the GIFT ordering syntax {>…} is not supported"),
        SkippedQuestion(5, "One", "a multiple choice question needs at least two choices"),
        SkippedQuestion(6, "Match", "a matching answer has no “->”: “c”"),
    ]


def test_gift_windows_line_endings_and_byte_order_mark():
    text = "\ufeff// comment\r\n::A:: First?{T}\r\n\r\n::B:: Second?{\r\n=yes\r\n~no\r\n}\r\n"

    result = parse_gift(text)

    assert [(q["name"], q["text"]) for q in result.questions] == [
        ("A", "First?"),
        ("B", "Second?"),
    ]
    assert parse_gift(text.encode("utf-8")).questions == result.questions


def test_gift_without_title_has_an_empty_name():
    (question,) = parse_gift("Is water wet?{T}").questions

    assert question["name"] == ""


# --- export and round trip ------------------------------------------------------------------------

EVERY_TYPE = quiz(
    '<question type="category"><category><text>$course$/top/Bank/Sub</text></category>'
    '<info format="html"><text>All the types</text></info></question>',
    '<question type="multichoice">',
    header("Single", "&lt;p&gt;One &lt;b&gt;right&lt;/b&gt; ]]&gt; here&lt;/p&gt;"),
    '<generalfeedback format="html"><text>&lt;p&gt;General&lt;/p&gt;</text></generalfeedback>',
    "<defaultgrade>2</defaultgrade><penalty>0.5</penalty>",
    "<single>true</single><shuffleanswers>false</shuffleanswers>",
    answer(100, "&lt;b&gt;a&lt;/b&gt;", "yes"),
    answer("33.33333", "b", "partly"),
    answer(-50, "c"),
    "<tags><tag><text>t1</text></tag></tags>",
    "</question>",
    '<question type="multichoice">',
    header("Multiple", "Pick", fmt="plain_text"),
    "<single>false</single>",
    answer(50, "a"),
    answer(50, "b"),
    answer(-100, "c"),
    "</question>",
    truefalse_xml("TF", right="false"),
    '<question type="shortanswer">',
    header("Short", "Say", fmt="markdown"),
    "<usecase>1</usecase>",
    answer(100, "Yes"),
    answer(0, "*", "No"),
    "</question>",
    '<question type="numerical">',
    header("Numerical"),
    answer(100, "1822", "", "<tolerance>0.25</tolerance>"),
    answer(50, "-1.5e3", "far", "<tolerance>2</tolerance>"),
    "</question>",
    '<question type="matching">',
    header("Matching", "Match", fmt="moodle_auto_format"),
    '<subquestion><text>A &amp; B</text><answer><text>x "quoted"</text></answer></subquestion>',
    "<subquestion><text>C</text><answer><text>y</text></answer></subquestion>",
    "<subquestion><text></text><answer><text>z</text></answer></subquestion>",
    "</question>",
    '<question type="ordering">',
    header("Ordering"),
    answer(1, "one"),
    answer(2, "two"),
    answer(3, "three"),
    "</question>",
    '<question type="essay">',
    header("Essay"),
    "<graderinfo><text>Info</text></graderinfo><responsetemplate><text>Tmpl</text></responsetemplate>",
    "</question>",
    '<question type="essay"><name><text>With file</text></name><questiontext format="html">',
    "<text>See</text>",
    '<file name="a b.png" path="/sub/" encoding="base64">',
    base64.b64encode(b"img").decode(),
    "</file>",
    "</questiontext></question>",
)


def test_every_supported_type_survives_export_and_import_unchanged():
    first = parse_moodle_xml(EVERY_TYPE)
    assert first.skipped == []
    assert [q["type"] for q in first.questions] == [
        "single",
        "multiple",
        "truefalse",
        "short",
        "numerical",
        "matching",
        "ordering",
        "essay",
        "essay",
    ]
    assert first.questions[0]["text"] == "<p>One <b>right</b> ]]> here</p>"
    assert first.questions[-1]["files"] == [
        {"name": "a b.png", "path": "/sub/", "data": base64.b64encode(b"img").decode()}
    ]

    exported = export_moodle_xml(
        first.questions, category_path=["Bank", "Sub"], category_info="All the types"
    )
    again = parse_moodle_xml(exported)

    assert again.skipped == []
    assert again.categories == first.categories
    assert again.questions == first.questions


def test_gift_fixture_survives_export_to_moodle_xml(gift_fixture):
    exported = export_moodle_xml(gift_fixture.questions, category_path=[])

    assert parse_moodle_xml(exported).questions == gift_fixture.questions


def test_export_starts_with_the_category_and_wraps_html_in_cdata():
    (question,) = parse_gift("::Q:: [html]<p>Is it <b>true</b>?</p>{T}").questions

    exported = export_moodle_xml([question], category_path=["A/B", "C"]).decode()

    assert exported.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')
    assert exported.index('type="category"') < exported.index('type="truefalse"')
    assert "<text>$course$/top/A//B/C</text>" in exported
    assert (
        '<questiontext format="html"><text><![CDATA[<p>Is it <b>true</b>?</p>]]></text>' in exported
    )
    assert parse_moodle_xml(exported.encode()).questions[0]["category"] == ["A/B", "C"]


def test_export_drops_characters_xml_cannot_hold():
    (question,) = parse_gift("Bell\x07 here{T}").questions

    (again,) = parse_moodle_xml(export_moodle_xml([question], category_path=[])).questions

    assert again["text"] == "Bell here"
