"""Moodle XML question files (`<quiz><question type="…">`): import to bank dicts, and export.

Untrusted input is read with defusedxml only. Nothing here raises on a bad file: the file, or the
question, ends up in `ParseResult.skipped` with a reason a person can act on.
"""

import base64
import binascii
import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from xml.sax.saxutils import quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

from .types import (
    DEFAULT_PENALTY,
    ParsedQuestion,
    ParseResult,
    QuestionRejected,
    SkippedQuestion,
    check_question,
    choice,
    fraction_from_percent,
    join_category_path,
    new_question,
    numerical_answer,
    parse_number,
    split_category_path,
)

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MAX_FILE_BYTES = 5 * 1024 * 1024

FORMATS_IN = {
    "html": "html",
    "moodle_auto_format": "moodle",
    "plain_text": "plain",
    "markdown": "markdown",
}
FORMATS_OUT = {ours: theirs for theirs, ours in FORMATS_IN.items()}


# --- reading ------------------------------------------------------------------------------


def _text(element: "Element | None") -> str:
    """The `<text>` of a Moodle text element (questiontext, feedback, answer…), trimmed."""
    if element is None:
        return ""
    node = element.find("text")
    return (node.text or "").strip() if node is not None else ""


def _value(element: "Element", tag: str, default: str = "") -> str:
    node = element.find(tag)
    if node is None or node.text is None:
        return default
    return node.text.strip()


def _flag(raw: str) -> bool:
    return raw.strip().lower() not in {"", "0", "false", "no"}


def _text_format(element: "Element | None") -> str:
    raw = element.get("format", "html") if element is not None else "html"
    return FORMATS_IN.get(raw, "moodle")


def _number(element: "Element", tag: str, default: float, what: str) -> float:
    raw = _value(element, tag)
    return parse_number(raw, what=what) if raw else default


def _fraction(answer: "Element") -> float:
    raw = answer.get("fraction", "0")
    return fraction_from_percent(parse_number(raw, what=_("answer credit")))


def _files(question: "Element") -> list[dict]:
    files: list[dict] = []
    for node in question.iter("file"):
        name = node.get("name", "")
        path = node.get("path", "/") or "/"
        if not name or name in {".", ".."} or re.search(r"[/\\\x00-\x1f]", name):
            raise QuestionRejected(
                _("the embedded file name “%(file)s” is not safe") % {"file": name}
            )
        segments = path.split("/")
        if (
            not path.startswith("/")
            or re.search(r"[\\\x00-\x1f]", path)
            or any(s in {".", ".."} for s in segments)
        ):
            raise QuestionRejected(
                _("the embedded file path “%(path)s” is not safe") % {"path": path}
            )
        encoding = node.get("encoding", "base64")
        if encoding != "base64":
            raise QuestionRejected(
                _("the embedded file “%(file)s” uses the encoding “%(encoding)s”, not base64")
                % {"file": name, "encoding": encoding}
            )
        encoded = re.sub(r"\s+", "", node.text or "")
        too_big = _("the embedded file “%(file)s” is larger than %(limit)s MB") % {
            "file": name,
            "limit": MAX_FILE_BYTES // (1024 * 1024),
        }
        if len(encoded) // 4 * 3 > MAX_FILE_BYTES + 3:
            raise QuestionRejected(too_big)
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise QuestionRejected(
                _("the embedded file “%(file)s” is not valid base64") % {"file": name}
            ) from exc
        if len(raw) > MAX_FILE_BYTES:
            raise QuestionRejected(too_big)
        entry = {"name": name, "path": path, "data": base64.b64encode(raw).decode("ascii")}
        if entry not in files:
            files.append(entry)
    return files


def _common(element: "Element", kind: str, context: dict, *, shuffle_default: bool) -> dict:
    question_text = element.find("questiontext")
    shuffle = _value(element, "shuffleanswers")
    return new_question(
        kind,
        name=_text(element.find("name")),
        text=_text(question_text),
        text_format=_text_format(question_text),
        general_feedback=_text(element.find("generalfeedback")),
        points=_number(element, "defaultgrade", 1.0, _("default mark")),
        penalty=_number(element, "penalty", DEFAULT_PENALTY, _("penalty")),
        category=context["category"],
        category_info=context["info"],
        tags=[_text(tag) for tag in element.findall("tags/tag")],
        shuffle=_flag(shuffle) if shuffle else shuffle_default,
        files=_files(element),
    )


def _answers(element: "Element") -> list["Element"]:
    """Answers with a text; Moodle drops blank ones too."""
    return [answer for answer in element.findall("answer") if _text(answer)]


def _read_multichoice(element: "Element", context: dict) -> ParsedQuestion:
    single = _flag(_value(element, "single", "true"))
    question = _common(element, "single" if single else "multiple", context, shuffle_default=False)
    question["single"] = single
    question["choices"] = [
        choice(_text(a), _fraction(a), _text(a.find("feedback"))) for a in _answers(element)
    ]
    return question


def _read_truefalse(element: "Element", context: dict) -> ParsedQuestion:
    question = _common(element, "truefalse", context, shuffle_default=True)
    answers = element.findall("answer")
    if len(answers) < 2:
        raise QuestionRejected(_("a true/false question needs its “true” and “false” answers"))
    right: bool | None = None
    feedback = {True: "", False: ""}
    for position, answer in enumerate(answers[:2]):
        label = _text(answer).lower()
        # Old exports wrote localised labels: Moodle then takes the order true, false.
        is_true_answer = label == "true" if label in {"true", "false"} else position == 0
        full = _fraction(answer) >= 0.9999999
        right = full if is_true_answer else not full
        feedback[is_true_answer] = _text(answer.find("feedback"))
    question["truefalse"] = {
        "answer": bool(right),
        "feedback_true": feedback[True],
        "feedback_false": feedback[False],
    }
    return question


def _read_shortanswer(element: "Element", context: dict) -> ParsedQuestion:
    question = _common(element, "short", context, shuffle_default=True)
    question["short"] = {
        "answers": [
            choice(_text(a), _fraction(a), _text(a.find("feedback"))) for a in _answers(element)
        ],
        "case_sensitive": _flag(_value(element, "usecase", "0")),
    }
    return question


def _read_numerical(element: "Element", context: dict) -> ParsedQuestion:
    question = _common(element, "numerical", context, shuffle_default=True)
    units = [_value(unit, "unit_name") for unit in element.findall("units/unit")]
    if any(units) and _value(element, "showunits") != "3":
        raise QuestionRejected(_("numerical questions with units are not supported"))
    answers = []
    for answer in _answers(element):
        fraction = _fraction(answer)
        if _text(answer) == "*":
            # "Any other answer": worth nothing, it only carried feedback, which has no place
            # in the bank format. Giving credit for anything cannot be expressed at all.
            if fraction > 0:
                raise QuestionRejected(
                    _("a numerical “any other answer” (*) that gives credit is not supported")
                )
            continue
        value = parse_number(_text(answer), what=_("numerical answer"))
        tolerance = _number(answer, "tolerance", 0.0, _("tolerance"))
        answers.append(
            numerical_answer(value, abs(tolerance), fraction, _text(answer.find("feedback")))
        )
    question["numerical"] = {"answers": answers}
    return question


def _read_matching(element: "Element", context: dict) -> ParsedQuestion:
    question = _common(element, "matching", context, shuffle_default=True)
    pairs = []
    for sub in element.findall("subquestion"):
        left, right = _text(sub), _text(sub.find("answer"))
        if left or right:
            pairs.append({"left": left, "right": right})
    question["matching"] = {"pairs": pairs}
    return question


def _read_ordering(element: "Element", context: dict) -> ParsedQuestion:
    question = _common(element, "ordering", context, shuffle_default=True)
    # qtype_ordering writes each item's position in the correct order as its "fraction".
    positioned = [
        (parse_number(answer.get("fraction", str(n)), what=_("item position")), n, _text(answer))
        for n, answer in enumerate(_answers(element), start=1)
    ]
    items = [text for _position, _n, text in sorted(positioned)]
    select_type = _value(element, "selecttype").upper()
    select_count = _value(element, "selectcount", "0")
    count = int(select_count) if select_count.isdigit() else 0
    if select_type in {"RANDOM", "CONTIGUOUS", "1", "2"} and 0 < count < len(items):
        raise QuestionRejected(
            _("ordering questions that show only some of their items are not supported")
        )
    question["ordering"] = {"items": items}
    return question


def _read_essay(element: "Element", context: dict) -> ParsedQuestion:
    question = _common(element, "essay", context, shuffle_default=True)
    question["essay"] = {
        "response_template": _text(element.find("responsetemplate")),
        "grader_info": _text(element.find("graderinfo")),
    }
    return question


READERS: dict[str, Callable[["Element", dict], ParsedQuestion]] = {
    "multichoice": _read_multichoice,
    "truefalse": _read_truefalse,
    "shortanswer": _read_shortanswer,
    "numerical": _read_numerical,
    "matching": _read_matching,
    "ordering": _read_ordering,
    "essay": _read_essay,
}


def _read_question(element: "Element", qtype: str, context: dict) -> ParsedQuestion:
    if qtype == "description":
        raise QuestionRejected(_("descriptions are not questions"))
    if not qtype:
        raise QuestionRejected(_("the question has no type"))
    if qtype not in READERS:
        raise QuestionRejected(
            _("the Moodle question type “%(type)s” is not supported") % {"type": qtype}
        )
    return check_question(READERS[qtype](element, context))


def _refused(reason: str) -> ParseResult:
    return ParseResult(skipped=[SkippedQuestion(index=0, name="", reason=reason)])


def parse_moodle_xml(data: bytes) -> ParseResult:
    """Read a Moodle XML export. Never raises on bad input: see `ParseResult.skipped`."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        root = fromstring(data)
    except ParseError as exc:
        line, column = exc.position
        message = re.sub(r":\s*line \d+, column \d+\s*$", "", str(exc))
        return _refused(
            _("the file is not valid XML: %(error)s (line %(line)s, column %(column)s)")
            % {"error": message, "line": line, "column": column}
        )
    except DefusedXmlException as exc:
        return _refused(
            _("the file uses XML features that are refused for safety (%(error)s)")
            % {"error": type(exc).__name__}
        )
    if root.tag != "quiz":
        return _refused(
            _("the file is not a Moodle XML question file: it starts with <%(tag)s>, not <quiz>")
            % {"tag": root.tag}
        )

    result = ParseResult()
    context = {"category": [], "info": ""}
    index = 0
    for element in root.findall("question"):
        qtype = element.get("type", "").strip()
        if qtype == "category":
            path = split_category_path(_text(element.find("category")))
            info = _text(element.find("info"))
            context = {"category": path, "info": info}
            result.add_category(path, info)
            continue
        index += 1
        try:
            result.questions.append(_read_question(element, qtype, context))
        except QuestionRejected as exc:
            name = _text(element.find("name"))
            result.skipped.append(SkippedQuestion(index=index, name=name, reason=exc.reason))
    return result


# --- writing ------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(text: str) -> str:
    """Moodle's own rule: CDATA as soon as the text has markup characters."""
    text = _NOT_XML.sub("", text)
    if any(c in text for c in '<>&"'):
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return text


def _num(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _percent(fraction: float) -> str:
    return _num(round(float(fraction) * 100, 5))


def _text_element(tag: str, text: str, fmt: str | None = None, extra: str = "") -> str:
    attribute = f' format="{FORMATS_OUT.get(fmt, "html")}"' if fmt else ""
    return f"<{tag}{attribute}><text>{_escape(text)}</text>{extra}</{tag}>"


def _file_element(entry: dict) -> str:
    return (
        f"<file name={quoteattr(entry['name'])} path={quoteattr(entry['path'])} "
        f'encoding="base64">{entry["data"]}</file>'
    )


def _answer(fraction: str, text: str, feedback: str, fmt: str, extra: str = "") -> str:
    return (
        f'<answer fraction="{fraction}" format="{FORMATS_OUT.get(fmt, "html")}">'
        f"<text>{_escape(text)}</text>{extra}{_text_element('feedback', feedback, fmt)}</answer>"
    )


def _body(question: dict) -> tuple[str, list[str]]:
    kind, fmt = question["type"], question.get("text_format", "html")
    lines: list[str] = []
    if kind in {"single", "multiple"}:
        lines.append(f"<single>{'true' if kind == 'single' else 'false'}</single>")
        lines.append("<answernumbering>abc</answernumbering>")
        for c in question["choices"]:
            lines.append(_answer(_percent(c["fraction"]), c["text"], c["feedback"], fmt))
        return "multichoice", lines
    if kind == "truefalse":
        tf = question["truefalse"]
        lines.append(_answer("100" if tf["answer"] else "0", "true", tf["feedback_true"], fmt))
        lines.append(_answer("0" if tf["answer"] else "100", "false", tf["feedback_false"], fmt))
        return "truefalse", lines
    if kind == "short":
        lines.append(f"<usecase>{1 if question['short']['case_sensitive'] else 0}</usecase>")
        for a in question["short"]["answers"]:
            lines.append(_answer(_percent(a["fraction"]), a["text"], a["feedback"], fmt))
        return "shortanswer", lines
    if kind == "numerical":
        for a in question["numerical"]["answers"]:
            tolerance = f"<tolerance>{_num(a['tolerance'])}</tolerance>"
            lines.append(
                _answer(_percent(a["fraction"]), _num(a["value"]), a["feedback"], fmt, tolerance)
            )
        return "numerical", lines
    if kind == "matching":
        for pair in question["matching"]["pairs"]:
            answer = f"<answer><text>{_escape(pair['right'])}</text></answer>"
            lines.append(_text_element("subquestion", pair["left"], fmt, answer))
        return "matching", lines
    if kind == "ordering":
        lines += [
            "<layouttype>VERTICAL</layouttype>",
            "<selecttype>ALL</selecttype>",
            "<selectcount>0</selectcount>",
            "<gradingtype>ABSOLUTE_POSITION</gradingtype>",
            "<showgrading>SHOW</showgrading>",
        ]
        for position, item in enumerate(question["ordering"]["items"], start=1):
            lines.append(_answer(str(position), item, "", fmt))
        return "ordering", lines
    if kind == "essay":
        essay = question["essay"]
        lines += [
            "<responseformat>editor</responseformat>",
            "<responserequired>1</responserequired>",
            "<responsefieldlines>15</responsefieldlines>",
            "<attachments>0</attachments>",
            "<attachmentsrequired>0</attachmentsrequired>",
            _text_element("graderinfo", essay["grader_info"], "html"),
            _text_element("responsetemplate", essay["response_template"], "html"),
        ]
        return "essay", lines
    raise ValueError(f"unknown question type {kind!r}")


def _question_xml(question: dict) -> str:
    qtype, body = _body(question)
    fmt = question.get("text_format", "html")
    files = "".join(_file_element(f) for f in question.get("files", []))
    lines = [
        f'<question type="{qtype}">',
        _text_element("name", question.get("name", "")),
        _text_element("questiontext", question["text"], fmt, files),
        _text_element("generalfeedback", question.get("general_feedback", ""), fmt),
        f"<defaultgrade>{_num(question.get('points', 1.0))}</defaultgrade>",
        f"<penalty>{_num(question.get('penalty', DEFAULT_PENALTY))}</penalty>",
        "<hidden>0</hidden>",
        f"<shuffleanswers>{'true' if question.get('shuffle', True) else 'false'}</shuffleanswers>",
        *body,
    ]
    tags = question.get("tags") or []
    if tags:
        lines.append(
            "<tags>" + "".join(f"<tag><text>{_escape(t)}</text></tag>" for t in tags) + "</tags>"
        )
    return _block(lines)


def _block(lines: list[str]) -> str:
    return "\n    ".join(lines) + "\n  </question>"


def export_moodle_xml(
    questions: list[dict], *, category_path: list[str], category_info: str = ""
) -> bytes:
    """A Moodle XML file: one category marker (`$course$/top/<path>`), then every question in it.

    The questions' own "category" keys are not written: all of them land in `category_path`.
    """
    return export_moodle_xml_categories(
        [{"path": category_path, "info": category_info, "questions": questions}]
    )


def export_moodle_xml_categories(categories: list[dict]) -> bytes:
    """A Moodle XML file of several categories: `[{"path", "info", "questions"}, ...]`, each
    written as its category marker followed by its questions (a tree exported as a whole)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    for category in categories:
        marker = _block(
            [
                '<question type="category">',
                _text_element("category", join_category_path(category["path"])),
                _text_element("info", category.get("info", ""), "moodle"),
            ]
        )
        parts.append("  " + marker)
        parts += ["  " + _question_xml(q) for q in category["questions"]]
    parts.append("</quiz>\n")
    return "\n".join(parts).encode("utf-8")
