import base64
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import translation
from PIL import Image as PILImage
from wagtail.models import Locale
from wagtail.rich_text import expand_db_html
from wagtail.users.models import UserProfile

from accounts.roles import Role, focal_point_group_name
from assessments import import_views, importing
from assessments.formats import parse_gift, parse_moodle_xml
from assessments.importing import bank_export, bank_import
from assessments.models import (
    AcceptedAnswer,
    Choice,
    MatchingPair,
    NumericalAnswer,
    OrderingItem,
    Question,
    QuestionCategory,
)
from assessments.snapshots import question_snapshot
from cms.models import CampusImage
from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db

MOODLE_FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "moodle"
XML_FIXTURE = "nested_categories_with_questions.xml"
GIFT_FIXTURE = "questions.gift.txt"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def fixture_file(name: str) -> Path:
    path = MOODLE_FIXTURES / name
    if not path.is_file():
        pytest.skip(f"Moodle fixture {path} not found (shared fixtures live beside the checkout)")
    return path


def quiz(*questions: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>' + "".join(questions) + "</quiz>"
    ).encode()


def category_xml(path: str, info: str = "") -> str:
    return (
        f'<question type="category"><category><text>{path}</text></category>'
        f'<info format="html"><text>{info}</text></info></question>'
    )


def question_xml(qtype: str, name: str, text: str, body: str = "", files: str = "") -> str:
    return (
        f'<question type="{qtype}"><name><text>{name}</text></name>'
        f'<questiontext format="html"><text><![CDATA[{text}]]></text>{files}</questiontext>'
        f"{body}</question>"
    )


def answer(fraction, text, feedback="", extra=""):
    return (
        f'<answer fraction="{fraction}" format="html"><text><![CDATA[{text}]]></text>{extra}'
        f"<feedback><text><![CDATA[{feedback}]]></text></feedback></answer>"
    )


def truefalse(name: str, text: str = "<p>Statement</p>") -> str:
    return question_xml("truefalse", name, text, answer(100, "true") + answer(0, "false"))


def import_xml(data: bytes, target=None, dry_run=False):
    return bank_import(result=parse_moodle_xml(data), target_category=target, dry_run=dry_run)


def png_bytes(size=(4, 3)) -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def file_xml(name: str, data: bytes) -> str:
    encoded = base64.b64encode(data).decode()
    return f'<file name="{name}" path="/" encoding="base64">{encoded}</file>'


def run_command(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# --- the real fixtures ---------------------------------------------------------------------


def test_moodle_fixture_imports_five_questions_into_four_nested_categories():
    data = fixture_file(XML_FIXTURE).read_bytes()
    report = import_xml(data)
    assert report.imported == 5
    assert report.skipped == []
    assert report.created_categories == [
        "Iota",
        "Iota / Kappa",
        "Iota / Kappa / Lambda",
        "Iota / Mu",
    ]
    assert {str(c): c.info for c in QuestionCategory.objects.all()} == {
        "Iota": "This is Iota category for test",
        "Iota / Kappa": "This is Kappa category for test",
        "Iota / Kappa / Lambda": "This is Lambda category for test",
        "Iota / Mu": "This is Mu category for test",
    }
    assert {(q.name, q.type, str(q.category)) for q in Question.objects.all()} == {
        ("Iota Question", "truefalse", "Iota"),
        ("Kappa Essay Question", "essay", "Iota / Kappa"),
        ("Kappa Question", "truefalse", "Iota / Kappa"),
        ("Lambda Question", "truefalse", "Iota / Kappa / Lambda"),
        ("Mu Question", "truefalse", "Iota / Mu"),
    }


def test_moodle_fixture_questions_keep_their_text_answer_and_language():
    import_xml(fixture_file(XML_FIXTURE).read_bytes())
    question = Question.objects.get(name="Iota Question")
    assert question.text == "<p>Testing Iota Question</p>"
    assert question.true_false_answer is True
    assert question.locale == Locale.get_default()
    # moodle_auto_format text is escaped into a paragraph.
    essay = Question.objects.get(name="Kappa Essay Question")
    assert essay.text == "<p>Testing Kappa Essay Question</p>"


def test_moodle_fixture_imports_below_the_chosen_category():
    target = QuestionCategory.objects.create(name="Imports")
    import_xml(fixture_file(XML_FIXTURE).read_bytes(), target=target)
    assert Question.objects.get(name="Lambda Question").category.path_names() == [
        "Imports",
        "Iota",
        "Kappa",
        "Lambda",
    ]


def test_importing_the_same_file_twice_reuses_the_categories():
    data = fixture_file(XML_FIXTURE).read_bytes()
    import_xml(data)
    second = import_xml(data)
    assert second.created_categories == []
    assert QuestionCategory.objects.count() == 4
    assert Question.objects.count() == 10


def test_gift_fixture_imports_nine_questions_with_their_types():
    result = parse_gift(fixture_file(GIFT_FIXTURE).read_text(encoding="utf-8"))
    report = bank_import(result=result, target_category=None, dry_run=False)
    assert report.imported == 9
    assert report.skipped == []
    assert [(q.name, q.type) for q in Question.objects.order_by("pk")] == [
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
    # A file without categories lands in one category at the top.
    assert [str(c) for c in QuestionCategory.objects.all()] == ["Imported questions"]


def test_gift_fixture_child_rows_are_stored():
    result = parse_gift(fixture_file(GIFT_FIXTURE).read_text(encoding="utf-8"))
    bank_import(result=result, target_category=None, dry_run=False)
    colours = Question.objects.get(name="colours")
    assert [(c.text, float(c.fraction)) for c in colours.choices.all()] == [
        ("yellow", 0.5),
        ("red", -1.0),
        ("off-beige", 0.5),
        ("blue", -1.0),
    ]
    matching = Question.objects.get(name="Moodle activities")
    assert matching.text == "Match the <b>activity</b> to the description."
    assert [(p.left, p.right) for p in matching.matching_pairs.all()][-1] == ("", "Chat")
    short = Question.objects.get(name="Shortanswer")
    assert [(a.text, float(a.fraction)) for a in short.accepted_answers.all()] == [
        ("Frog", 1.0),
        ("Cat", 0.5),
        ("*", 0.0),
    ]
    numerical = Question.objects.get(name="Q5")
    assert [(a.value, a.tolerance) for a in numerical.numerical_answers.all()] == [(3.0, 2.0)]
    assert Question.objects.get(name="Q1").true_false_answer is False


# --- the command ---------------------------------------------------------------------------


def test_command_prints_the_summary_line():
    output = run_command("import_questions", str(fixture_file(XML_FIXTURE)))
    assert output.splitlines()[-1] == "imported 5, skipped 0"
    assert Question.objects.count() == 5


def test_command_reads_gift_by_format_option(tmp_path):
    copy = tmp_path / "questions.txt"
    copy.write_bytes(fixture_file(GIFT_FIXTURE).read_bytes())
    output = run_command("import_questions", str(copy), "--format", "gift")
    assert output.splitlines()[-1] == "imported 9, skipped 0"


def test_command_dry_run_stores_nothing():
    path = fixture_file(XML_FIXTURE)
    output = run_command("import_questions", str(path), "--dry-run", "--category", "New/Sub")
    assert output.splitlines()[-1] == "dry run: imported 5, skipped 0"
    assert Question.objects.count() == 0
    assert QuestionCategory.objects.count() == 0


def test_command_category_path_is_created_at_the_top_and_used_as_target():
    run_command("import_questions", str(fixture_file(XML_FIXTURE)), "--category", "Imports/2026")
    question = Question.objects.get(name="Mu Question")
    assert question.category.path_names() == ["Imports", "2026", "Iota", "Mu"]


MIXED_FILE = quiz(
    category_xml("$course$/top/Mixed", "A mixed bag"),
    truefalse("Good TF"),
    question_xml("calculated", "Calc", "<p>{a} + {b}?</p>"),
    question_xml(
        "multichoice",
        "Broken MC",
        "<p>Pick</p>",
        "<single>true</single>" + answer(50, "a") + answer(0, "b"),
    ),
    question_xml(
        "shortanswer", "Good short", "<p>Say frog</p>", answer(100, "frog") + answer(0, "*")
    ),
    question_xml(
        "multichoice",
        "Only a script",
        "<script>alert(1)</script>",
        "<single>true</single>" + answer(100, "a") + answer(0, "b"),
    ),
    question_xml(
        "numerical",
        "Good number",
        "<p>How many?</p>",
        answer(100, "23", extra="<tolerance>0</tolerance>"),
    ),
)


def test_command_lists_each_skipped_question_and_imports_the_rest(tmp_path):
    path = tmp_path / "mixed.xml"
    path.write_bytes(MIXED_FILE)
    lines = run_command("import_questions", str(path), "--format", "moodle-xml").splitlines()
    assert lines == [
        "skipped #2 (Calc): the Moodle question type “calculated” is not supported",
        "skipped #3 (Broken MC): no choice gives full credit",
        "skipped #5 (Only a script): question: This field cannot be blank.",
        "imported 3, skipped 3",
    ]
    assert sorted(Question.objects.values_list("name", flat=True)) == [
        "Good TF",
        "Good number",
        "Good short",
    ]
    assert {q.category.name for q in Question.objects.all()} == {"Mixed"}


def test_command_fails_on_a_file_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_command("import_questions", str(tmp_path / "missing.xml"))
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<quiz><question>")
    with pytest.raises(CommandError, match="not valid XML"):
        run_command("import_questions", str(broken))
    assert Question.objects.count() == 0


def test_export_command_writes_the_category_tree(tmp_path):
    import_xml(fixture_file(XML_FIXTURE).read_bytes())
    output = tmp_path / "iota.xml"
    run_command("export_questions", "Iota/Kappa", "--output", str(output))
    result = parse_moodle_xml(output.read_bytes())
    assert [q["name"] for q in result.questions] == [
        "Kappa Essay Question",
        "Kappa Question",
        "Lambda Question",
    ]
    assert run_command("export_questions", "Iota/Mu").count("<question type=") == 2
    with pytest.raises(CommandError, match="No question category"):
        run_command("export_questions", "Nowhere")


# --- one transaction -----------------------------------------------------------------------


def test_an_error_on_the_third_question_stores_nothing(monkeypatch):
    saved = []
    real_save = importing._save_question

    def failing_save(question):
        if len(saved) == 2:
            raise RuntimeError("disk full")
        real_save(question)
        saved.append(question)

    monkeypatch.setattr(importing, "_save_question", failing_save)
    with pytest.raises(RuntimeError):
        import_xml(fixture_file(XML_FIXTURE).read_bytes())
    assert len(saved) == 2
    assert Question.objects.count() == 0
    assert QuestionCategory.objects.count() == 0


def stored_originals() -> set[str]:
    if not default_storage.exists("original_images"):
        return set()
    return set(default_storage.listdir("original_images")[1])


def test_an_error_after_an_image_was_stored_removes_its_file(monkeypatch):
    data = quiz(
        truefalse("Picture", '<p><img src="@@PLUGINFILE@@/a.png"></p>').replace(
            "</questiontext>", file_xml("a.png", png_bytes()) + "</questiontext>"
        ),
        truefalse("Second"),
    )
    before = stored_originals()
    written = []

    def save_then_fail(question):
        if written:
            raise RuntimeError("boom")
        question.save()
        written.append(stored_originals() - before)

    monkeypatch.setattr(importing, "_save_question", save_then_fail)
    with pytest.raises(RuntimeError):
        import_xml(data)
    assert len(written[0]) == 1
    assert stored_originals() == before
    assert CampusImage.objects.count() == 0


def test_dry_run_rolls_back_and_reports_what_would_be_imported():
    report = import_xml(fixture_file(XML_FIXTURE).read_bytes(), dry_run=True)
    assert report.dry_run
    assert report.imported == 5
    assert report.summary == "dry run: imported 5, skipped 0"
    assert len(report.created_categories) == 4
    assert Question.objects.count() == 0
    assert QuestionCategory.objects.count() == 0


# --- untrusted HTML ------------------------------------------------------------------------

HOSTILE = (
    '<p onclick="steal()">Hi <script>alert(1)</script><b onmouseover="x()">bold</b>'
    '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">link</a>'
    '<a href="JaVa&#x09;script:alert(4)">tab</a><a href="https://example.org/">ok</a>'
    '<span data-embedtype="image" data-id="1">forged</span><iframe src="https://evil"></iframe>'
    "<style>p{}</style><!-- comment --></p>"
)


def test_html_is_cut_down_to_the_editor_whitelist():
    body = (
        "<single>true</single>"
        + answer(100, "<b onclick='x()'>right</b><script>alert(5)</script>", HOSTILE)
        + answer(0, "wrong", "<img src=x onerror=alert(6)>nope")
        + f"<generalfeedback format='html'><text><![CDATA[{HOSTILE}]]></text></generalfeedback>"
    )
    report = import_xml(quiz(question_xml("multichoice", "Hostile", HOSTILE, body)))
    assert report.imported == 1
    question = Question.objects.get()
    assert question.text == (
        '<p>Hi <b>bold</b><a>link</a><a>tab</a><a href="https://example.org/">ok</a>forged</p>'
    )
    stored = [question.text, question.general_feedback]
    stored += [value for c in question.choices.all() for value in (c.text, c.feedback)]
    for value in stored:
        for needle in ("<script", "alert(", "onclick", "onerror", "onmouseover", "javascript:"):
            assert needle not in value.lower(), (needle, value)
        assert "<embed" not in value and "<iframe" not in value
    assert [c.text for c in question.choices.all()] == ["right", "wrong"]
    assert question.choices.first().feedback == "Hi boldlinktabokforged"


def test_plain_text_is_escaped_into_paragraphs():
    result = parse_gift("::Signs::[plain]Is 1 < 2 & 3 > 2?\nYes <b>really</b>.{T}")
    bank_import(result=result, target_category=None, dry_run=False)
    assert Question.objects.get().text == (
        "<p>Is 1 &lt; 2 &amp; 3 &gt; 2?<br/>Yes &lt;b&gt;really&lt;/b&gt;.</p>"
    )


# --- embedded files ------------------------------------------------------------------------


def picture_question(name="diagram one.png", data=None, reference=None) -> bytes:
    reference = reference or "diagram%20one.png"
    text = f'<p>Look: <img src="@@PLUGINFILE@@/{reference}" alt="" onerror="x()"></p>'
    files = file_xml(name, data if data is not None else png_bytes())
    return quiz(
        question_xml("truefalse", "Picture", text, answer(100, "true") + answer(0, "false"), files)
    )


def test_embedded_image_is_stored_as_a_wagtail_image_and_shown_in_the_text():
    report = import_xml(picture_question())
    assert report.imported == 1
    image = CampusImage.objects.get()
    assert image.title == image.alt_text == "diagram one"
    assert image.collection.name == "Imported questions"
    assert (image.width, image.height) == (4, 3)
    stored_name = Path(image.file.name).name
    assert stored_name.startswith("question-") and stored_name.endswith(".png")
    assert default_storage.exists(image.file.name)
    text = Question.objects.get().text
    embed = f'<embed alt="diagram one" embedtype="image" format="fullwidth" id="{image.pk}"/>'
    assert text == f"<p>Look: {embed}</p>"
    assert image.get_rendition("width-800").url in expand_db_html(text)


def test_the_same_image_twice_is_stored_once():
    import_xml(picture_question())
    import_xml(picture_question())
    assert CampusImage.objects.count() == 1
    assert Question.objects.count() == 2


def test_a_question_skipped_on_import_leaves_no_image_behind():
    text = '<p><img src="@@PLUGINFILE@@/a.png"></p>'
    body = "<single>true</single>" + answer(100, "<script>x()</script>") + answer(0, "b")
    data = quiz(
        question_xml("multichoice", "Blank choice", text, body, file_xml("a.png", png_bytes()))
    )
    report = import_xml(data)
    assert report.skipped[0].reason == "text: This field cannot be blank."
    assert CampusImage.objects.count() == 0


def test_a_non_image_file_skips_the_question():
    report = import_xml(
        picture_question(name="notes.txt", data=b"just text", reference="notes.txt")
    )
    assert report.imported == 0
    assert report.skipped[0].reason == "the embedded file “notes.txt” is not an image"
    assert CampusImage.objects.count() == 0


def test_an_svg_file_skips_the_question():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
        b"<script>alert(1)</script></svg>"
    )
    report = import_xml(picture_question(name="a.svg", data=svg, reference="a.svg"))
    assert report.imported == 0
    assert "is a SVG file" in report.skipped[0].reason
    assert CampusImage.objects.count() == 0


def test_an_image_over_the_pixel_limit_skips_the_question(settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 10
    report = import_xml(picture_question())
    assert report.imported == 0
    assert "too many pixels" in report.skipped[0].reason
    assert CampusImage.objects.count() == 0


def test_dry_run_stores_no_image_file():
    before = stored_originals()
    report = import_xml(picture_question(), dry_run=True)
    assert report.imported == 1
    assert CampusImage.objects.count() == 0
    assert stored_originals() == before


# --- export and the round trip -------------------------------------------------------------


def _question(category, kind, name, **fields) -> Question:
    children = {
        key: fields.pop(key)
        for key in list(fields)
        if key
        in {"choices", "accepted_answers", "numerical_answers", "matching_pairs", "ordering_items"}
    }
    tags = fields.pop("tags", [])
    question = Question(
        category=category,
        type=kind,
        name=name,
        text=fields.pop("text", f"<p>{name}?</p>"),
        locale=Locale.get_default(),
        **fields,
    )
    for key, rows in children.items():
        setattr(question, key, rows)
    if tags:
        question.tags.add(*tags)
    question.save()
    return question


@pytest.fixture
def bank():
    top = QuestionCategory.objects.create(name="Bank", info="Everything we ask")
    sub = QuestionCategory.objects.create(name="Sub", parent=top, info="Line one\nLine two")
    QuestionCategory.objects.create(name="Empty", parent=top, info="Nothing yet")
    _question(
        top,
        "single",
        "Single & co",
        text='<p>Pick <b>one</b> — <a href="https://example.org/">ref</a></p>',
        general_feedback="<p>Well <i>done</i></p>",
        points=2.5,
        shuffle_choices=False,
        tags=["gcm", "objectives"],
        choices=[
            Choice(text="A & B <C>", fraction=1, feedback="Right\nreally"),
            Choice(text="D", fraction=-0.5, feedback=""),
        ],
    )
    _question(
        top,
        "multiple",
        "Several",
        choices=[
            Choice(text="x", fraction=0.3333333),
            Choice(text="y", fraction=0.6666667),
            Choice(text="z", fraction=-1),
        ],
    )
    _question(
        sub, "truefalse", "TF", true_false_answer=False, feedback_true="No!", feedback_false="Yes."
    )
    _question(
        sub,
        "short",
        "Short",
        case_sensitive=True,
        accepted_answers=[
            AcceptedAnswer(text="migraci*n", fraction=1, feedback="Good"),
            AcceptedAnswer(text="AT&T", fraction=0.5),
        ],
    )
    _question(
        sub,
        "numerical",
        "Number",
        numerical_answers=[
            NumericalAnswer(value=2018.5, tolerance=0.5, fraction=1, feedback="Exactly"),
            NumericalAnswer(value=2000, tolerance=20, fraction=0.25),
        ],
    )
    _question(
        sub,
        "matching",
        "Match",
        matching_pairs=[
            MatchingPair(left="Forum", right="Talk"),
            MatchingPair(left="Wiki", right="Write"),
            MatchingPair(left="", right="Chat"),
        ],
    )
    _question(
        sub,
        "ordering",
        "Order",
        ordering_items=[OrderingItem(text="First"), OrderingItem(text="Second < third")],
    )
    _question(
        sub,
        "essay",
        "Essay",
        response_template="Dear team,\n\nRegards",
        grader_info="Look for <examples> & sources",
    )
    return top


def comparable(question: Question) -> dict:
    """The snapshot without what identifies this very row (qid, choice/pair/item ids)."""
    data = question_snapshot(question)
    del data["qid"]
    if question.type in {"single", "multiple"}:
        for choice in data["choices"]:
            del choice["id"]
    if question.type == "matching":
        rights = {right["id"]: right["text"] for right in data.pop("rights")}
        data["pairs"] = [(pair["left"], rights[pair["right_id"]]) for pair in data["pairs"]]
        data["rights"] = sorted(rights.values())
    if question.type == "ordering":
        texts = {item["id"]: item["text"] for item in data.pop("items")}
        data["order"] = [texts[key] for key in data["order"]]
    return data


def test_export_then_import_gives_the_same_questions(bank):
    originals = {q.name: q for q in Question.objects.all()}
    exported = bank_export(category=bank)
    target = QuestionCategory.objects.create(name="Copy")
    report = bank_import(result=parse_moodle_xml(exported), target_category=target, dry_run=False)
    assert report.imported == 8
    assert report.skipped == []
    for copy in report.questions:
        copy.refresh_from_db()
        original = originals[copy.name]
        assert comparable(copy) == comparable(original), copy.name
        assert copy.category.path_names() == ["Copy", *original.category.path_names()]
        assert copy.qid != original.qid
    assert sorted(t.name for t in report.questions[0].tags.all()) == ["gcm", "objectives"]
    copied = {
        str(c): c.info for c in QuestionCategory.objects.filter(name__in=["Bank", "Sub", "Empty"])
    }
    assert copied["Copy / Bank"] == "Everything we ask"
    assert copied["Copy / Bank / Sub"] == "Line one\nLine two"
    assert copied["Copy / Bank / Empty"] == "Nothing yet"


def test_export_then_import_keeps_an_image(bank):
    import_xml(picture_question(), target=bank)
    original = Question.objects.get(name="Picture")
    exported = bank_export(category=bank, include_subcategories=False)
    parsed = parse_moodle_xml(exported)
    assert [f["data"] for q in parsed.questions for f in q["files"]] == [
        base64.b64encode(png_bytes()).decode()
    ]
    report = bank_import(
        result=parsed, target_category=QuestionCategory.objects.create(name="Copy"), dry_run=False
    )
    copy = next(q for q in report.questions if q.name == "Picture")
    assert comparable(copy) == comparable(original)
    assert CampusImage.objects.count() == 1


def test_export_writes_one_category_block_per_category(bank):
    parsed = parse_moodle_xml(bank_export(category=bank))
    assert parsed.categories == [
        {"path": ["Bank"], "info": "Everything we ask"},
        {"path": ["Bank", "Empty"], "info": "Nothing yet"},
        {"path": ["Bank", "Sub"], "info": "Line one\nLine two"},
    ]
    assert [q["category"] for q in parsed.questions].count(["Bank", "Sub"]) == 6
    only_top = parse_moodle_xml(bank_export(category=bank, include_subcategories=False))
    assert [q["name"] for q in only_top.questions] == ["Single & co", "Several"]


# --- the admin -----------------------------------------------------------------------------


def staff(*groups):
    user = VerifiedUserFactory(groups=list(groups))
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


UPLOAD_URL = "/admin/question-import/"
PREVIEW_URL = "/admin/question-import/preview/"


def upload(client, data: bytes, *, name="questions.xml", file_format="moodle-xml", category=""):
    file = BytesIO(data)
    file.name = name
    return client.post(UPLOAD_URL, {"file": file, "file_format": file_format, "category": category})


def test_admin_preview_saves_nothing_and_confirm_imports(client):
    client.force_login(staff(Role.TRAINERS))
    assert client.get(UPLOAD_URL).status_code == 200
    response = upload(client, MIXED_FILE)
    assert response.status_code == 302
    assert response.url == PREVIEW_URL

    preview = client.get(PREVIEW_URL)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Good short" in page and "Mixed" in page and "Short answer" in page
    assert "the Moodle question type “calculated” is not supported" in page
    assert Question.objects.count() == 0
    assert QuestionCategory.objects.count() == 0
    token = client.session[import_views.SESSION_KEY]["token"]
    kept = import_views._upload_path(token)
    assert kept.is_file()

    done = client.post(PREVIEW_URL, {"token": token})
    assert done.status_code == 200
    assert "Imported 3 questions." in done.content.decode()
    assert Question.objects.count() == 3
    assert not kept.exists()
    assert import_views.SESSION_KEY not in client.session


def test_admin_import_goes_into_the_chosen_category(client):
    target = QuestionCategory.objects.create(name="Target")
    client.force_login(staff(Role.TRAINERS))
    upload(
        client,
        fixture_file(GIFT_FIXTURE).read_bytes(),
        name="q.txt",
        file_format="gift",
        category=target.pk,
    )
    token = client.session[import_views.SESSION_KEY]["token"]
    client.post(PREVIEW_URL, {"token": token})
    assert Question.objects.filter(category=target).count() == 9


def test_admin_confirm_with_another_token_imports_nothing(client):
    client.force_login(staff(Role.TRAINERS))
    upload(client, MIXED_FILE)
    response = client.post(PREVIEW_URL, {"token": "0" * 32})
    assert response.status_code == 302
    assert response.url == UPLOAD_URL
    assert Question.objects.count() == 0


def test_admin_confirming_twice_imports_once(client):
    client.force_login(staff(Role.TRAINERS))
    upload(client, MIXED_FILE)
    token = client.session[import_views.SESSION_KEY]["token"]
    assert client.post(PREVIEW_URL, {"token": token}).status_code == 200
    again = client.post(PREVIEW_URL, {"token": token})
    assert again.status_code == 302
    assert Question.objects.count() == 3


def test_admin_refuses_a_file_over_the_size_limit(client, monkeypatch):
    monkeypatch.setattr(import_views, "MAX_UPLOAD_BYTES", 100)
    client.force_login(staff(Role.TRAINERS))
    response = upload(client, MIXED_FILE)
    assert response.status_code == 200
    assert "larger than 10 MB" in response.content.decode()
    assert import_views.SESSION_KEY not in client.session


def test_admin_sends_an_unreadable_file_back_with_the_reason(client):
    client.force_login(staff(Role.TRAINERS))
    upload(client, b"<quiz><question>")
    response = client.get(PREVIEW_URL, follow=True)
    assert "The file cannot be imported: the file is not valid XML" in response.content.decode()
    assert import_views.SESSION_KEY not in client.session


def test_a_learner_cannot_reach_the_import(client):
    client.force_login(VerifiedUserFactory(groups=[Role.LEARNERS]))
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302
    assert "/admin/" not in response.url.split("?")[0]
    assert upload(client, MIXED_FILE).status_code == 302
    assert Question.objects.count() == 0


def test_staff_without_question_permissions_are_refused(client):
    client.force_login(staff(focal_point_group_name("GT")))
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_export_downloads_the_category_as_an_attachment(client, bank):
    client.force_login(staff(Role.TRAINERS))
    response = client.get(f"/admin/question-import/export/{bank.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="bank.moodle.xml"'
    assert len(parse_moodle_xml(response.content).questions) == 8


def test_category_listing_offers_the_export(client, bank):
    client.force_login(staff(Role.TRAINERS))
    response = client.get("/admin/snippets/assessments/questioncategory/")
    assert f"/admin/question-import/export/{bank.pk}/" in response.content.decode()
