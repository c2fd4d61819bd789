"""GIFT question files (Moodle's plain-text format): import to bank dicts.

Follows Moodle's own reader (question/format/gift/format.php) so that a file imports the same way
in both places: questions are separated by blank lines, `//` starts a comment line, the first
`{…}` holds the answers, text after it turns the question into "missing word" (`_____`).
"""

import re

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
    new_question,
    numerical_answer,
    parse_number,
    split_category_path,
)

# Escaped characters are swapped for private-use placeholders while the answers are split.
_PLACEHOLDERS = {
    ":": "\ue000",
    "#": "\ue001",
    "=": "\ue002",
    "{": "\ue003",
    "}": "\ue004",
    "~": "\ue005",
    "n": "\ue006",
}
_BACKSLASH = "\ue007"
_RESTORE = {placeholder: char for char, placeholder in _PLACEHOLDERS.items()} | {"\ue006": "\n"}
_FORMATS = {"html": "html", "moodle": "moodle", "plain": "plain", "markdown": "markdown"}
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?)%")
_TAG = re.compile(r"\[tag:\s*((?:\\\]|[^\]\x00-\x1f])+)\]")


def _protect(text: str) -> str:
    text = re.sub("[\ue000-\ue007]", "", text)
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _PLACEHOLDERS.items():
        text = text.replace("\\" + char, placeholder)
    return text.replace(_BACKSLASH, "\\")


def _restore(text: str) -> str:
    return "".join(_RESTORE.get(c, c) for c in text)


def _with_format(text: str, default: str) -> tuple[str, str]:
    """`[html]text` → ("html", "text"); without a known marker the default format applies."""
    text = text.strip()
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in _FORMATS:
            fmt, text = _FORMATS[text[1:end]], text[end + 1 :]
    return fmt, _restore(text).strip()


def _split_feedback(answer: str, fmt: str) -> tuple[str, str]:
    text, _sep, feedback = answer.partition("#")
    return _with_format(text, fmt)[1], _with_format(feedback, fmt)[1]


def _weight(answer: str, default: float) -> tuple[float, str]:
    match = _WEIGHT.match(answer)
    if not match:
        return default, answer
    return fraction_from_percent(float(match.group(1))), answer[match.end() :]


def _split(answers: str, separator: str) -> list[str]:
    parts = [part.strip() for part in answers.split(separator)]
    return parts[1:] if parts and not parts[0] else parts


def _multichoice(question: dict, answers: str) -> None:
    single = "=" in answers
    question["type"] = "single" if single else "multiple"
    question["single"] = single
    choices = []
    for part in _split(answers.replace("=", "~="), "~"):
        if part.startswith("="):
            fraction, part = 1.0, part[1:]
        else:
            fraction, part = _weight(part, 0.0)
        text, feedback = _split_feedback(part, question["text_format"])
        choices.append(choice(text, fraction, feedback))
    question["choices"] = choices


def _matching(question: dict, answers: str) -> None:
    pairs = []
    for part in _split(answers, "="):
        left, arrow, right = part.partition("->")
        if not arrow:
            raise QuestionRejected(
                _("a matching answer has no “->”: “%(answer)s”") % {"answer": _restore(part)}
            )
        pairs.append(
            {
                "left": _with_format(left, question["text_format"])[1],
                "right": _restore(right).strip(),
            }
        )
    question["matching"] = {"pairs": pairs}


def _truefalse(question: dict, answers: str) -> None:
    token, _sep, rest = answers.partition("#")
    wrong, _sep, right = rest.partition("#")
    fmt = question["text_format"]
    wrong, right = _with_format(wrong, fmt)[1], _with_format(right, fmt)[1]
    is_true = token.strip() in {"T", "TRUE"}
    question["penalty"] = 1.0  # Moodle's GIFT reader sets it for true/false
    question["truefalse"] = {
        "answer": is_true,
        "feedback_true": right if is_true else wrong,
        "feedback_false": wrong if is_true else right,
    }


def _short(question: dict, answers: str) -> None:
    accepted = []
    for part in _split(answers, "="):
        fraction, part = _weight(part, 1.0)
        text, feedback = _split_feedback(part, question["text_format"])
        if text:
            accepted.append(choice(text, fraction, feedback))
    question["short"] = {"answers": accepted, "case_sensitive": False}


def _numerical(question: dict, answers: str) -> None:
    # `{#3:2 ~#feedback}`: what follows "~" is feedback for any other answer, worth nothing.
    # The bank format has no place for that feedback, so it is left out.
    answers = answers[1:].partition("~")[0]
    parsed = []
    for part in _split(answers, "="):
        fraction, part = _weight(part, 1.0)
        text, feedback = _split_feedback(part, question["text_format"])
        if text == "*":
            if fraction > 0:
                raise QuestionRejected(
                    _("a numerical “any other answer” (*) that gives credit is not supported")
                )
            continue
        low, dots, high = text.partition("..")
        if dots and low.strip():
            low_value = parse_number(low, what=_("numerical answer"))
            high_value = parse_number(high, what=_("numerical answer"))
            if high_value < low_value:
                raise QuestionRejected(
                    _("the range “%(range)s” ends below its start") % {"range": text}
                )
            value, tolerance = (low_value + high_value) / 2, (high_value - low_value) / 2
        elif text.find(":") > 0:
            value_text, _sep, tolerance_text = text.partition(":")
            value = parse_number(value_text, what=_("numerical answer"))
            tolerance = abs(parse_number(tolerance_text, what=_("tolerance")))
        else:
            value, tolerance = parse_number(text, what=_("numerical answer")), 0.0
        parsed.append(numerical_answer(value, tolerance, fraction, feedback))
    question["numerical"] = {"answers": parsed}


def _answer_block(body: str) -> tuple[int, int]:
    start, finish = body.find("{"), body.find("}")
    if start < 0 and finish < 0:
        raise QuestionRejected(_("descriptions are not questions"))
    if start < 0 or finish < start or "{" in body[start + 1 : finish]:
        raise QuestionRejected(_("the braces { } around the answers do not match"))
    if "{" in body[finish + 1 :] or "}" in body[finish + 1 :]:
        raise QuestionRejected(_("a question can have only one answer block { }"))
    return start, finish


def _read_question(body: str, tags: list[str], context: dict) -> ParsedQuestion:
    name = ""
    if body.startswith("::"):
        end = body.find("::", 2)
        if end >= 0:
            name, body = _restore(body[2:end]).strip(), body[end + 2 :].strip()
        else:
            body = body[2:]
    start, finish = _answer_block(body)
    answers = body[start + 1 : finish].strip()
    after = body[finish + 1 :]
    text = body[:start] + ("_____" + after if after.strip() else "")

    general_feedback = ""
    separator = answers.rfind("####")
    if separator >= 0:
        general_feedback, answers = answers[separator + 4 :], answers[:separator].strip()
    text_format, text = _with_format(text, "moodle")
    question = new_question(
        "essay",
        name=name,
        text=text,
        text_format=text_format,
        general_feedback=_with_format(general_feedback, text_format)[1],
        points=1.0,
        penalty=DEFAULT_PENALTY,
        category=context["category"],
        category_info="",
        tags=tags,
        shuffle=True,
    )
    if not answers:
        question["essay"] = {"response_template": "", "grader_info": ""}
    elif answers.startswith(">"):
        raise QuestionRejected(_("the GIFT ordering syntax {>…} is not supported"))
    elif answers.startswith("#"):
        question["type"] = "numerical"
        _numerical(question, answers)
    elif "~" in answers:
        _multichoice(question, answers)
    elif "=" in answers and "->" in answers:
        question["type"] = "matching"
        _matching(question, answers)
    elif answers.partition("#")[0].strip() in {"T", "TRUE", "F", "FALSE"}:
        question["type"] = "truefalse"
        _truefalse(question, answers)
    else:
        question["type"] = "short"
        _short(question, answers)
    return check_question(question)


def _blocks(lines: list[str]):
    block: list[str] = []
    for line in [*lines, ""]:
        line = line.strip()
        if line:
            block.append(line)
        elif block:
            yield block
            block = []


def parse_gift(text: str) -> ParseResult:
    """Read a GIFT file. Never raises on bad input: see `ParseResult.skipped`."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            reason = _("the file is not UTF-8 text")
            return ParseResult(skipped=[SkippedQuestion(index=0, name="", reason=reason)])
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")

    result = ParseResult()
    context = {"category": []}
    index = 0
    for block in _blocks(text.split("\n")):
        comments = "\n".join(line for line in block if line.startswith("//"))
        lines = [line for line in block if not line.startswith("//")]
        if lines and lines[0].startswith("$CATEGORY:"):
            path = split_category_path(_restore(_protect(lines.pop(0)[len("$CATEGORY:") :])))
            context = {"category": path}
            result.add_category(path, "")
        body = _protect("\n".join(lines).strip())
        if not body:
            continue
        index += 1
        tags = [tag.replace("\\]", "]").strip() for tag in _TAG.findall(comments)]
        try:
            result.questions.append(_read_question(body, tags, context))
        except QuestionRejected as exc:
            name = ""
            if body.startswith("::") and body.find("::", 2) > 0:
                name = _restore(body[2 : body.find("::", 2)]).strip()
            result.skipped.append(SkippedQuestion(index=index, name=name, reason=exc.reason))
    return result
