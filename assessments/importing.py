"""Question bank import and export: files (Moodle XML, GIFT) to categories and questions, and back.

The format modules read and write bank dicts (ASSESSMENTS_SPEC §1) without a database; this module
turns them into models and models back into them. A file is untrusted: rich text is cut down to
the editor's whitelist, plain fields lose any markup, embedded files must be images and are stored
under generated names. A question that cannot be saved is skipped with a reason; the rest of the
file is saved in one transaction.
"""

import base64
import re
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from pathlib import PurePosixPath
from urllib.parse import unquote
from uuid import uuid4

import willow
from bs4 import BeautifulSoup, NavigableString
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.images.utils import get_allowed_image_extensions
from wagtail.models import Collection, Locale
from wagtail.rich_text import expand_db_html
from wagtail.utils.file import hash_filelike

from .formats import ParseResult, SkippedQuestion, parse_gift, parse_moodle_xml
from .formats.moodle_xml import export_moodle_xml_categories
from .formats.types import QuestionRejected, new_question
from .models import (
    AcceptedAnswer,
    Choice,
    MatchingPair,
    NumericalAnswer,
    OrderingItem,
    Question,
    QuestionCategory,
)
from .validation import question_problems

# Stored names, not interface text: one collection and one fallback category whatever the
# language of the person importing.
IMPORT_COLLECTION_NAME = "Imported questions"
DEFAULT_CATEGORY_NAME = "Imported questions"
PLUGINFILE = "@@PLUGINFILE@@"
IMAGE_FORMAT = "fullwidth"
NAME_FROM_TEXT_LENGTH = 80
MAX_TAG_LENGTH = 100  # taggit's Tag.name

# Removed with everything inside them; other unknown elements only lose their tags.
_DROPPED = [
    "script", "style", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
    "noscript", "noembed", "noframes", "svg", "math", "head", "title", "link", "meta", "base",
]  # fmt: skip
_BLOCKS = [
    "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
    "ul", "ol", "dt", "dd",
]  # fmt: skip
_LOOKS_LIKE_MARKUP = re.compile(r"<[a-zA-Z/!?]")


FILE_FORMATS = {"moodle-xml": parse_moodle_xml, "gift": parse_gift}


@dataclass
class ImportReport:
    imported: int
    skipped: list[SkippedQuestion]
    created_categories: list[str]
    questions: list[Question] = field(default_factory=list)
    dry_run: bool = False

    @property
    def summary(self) -> str:
        """The line the command prints (machine-read, so never translated)."""
        line = f"imported {self.imported}, skipped {len(self.skipped)}"
        return f"dry run: {line}" if self.dry_run else line


# --- untrusted HTML ----------------------------------------------------------------------------


def _untrusted_soup(html: str) -> BeautifulSoup:
    """Parsed HTML without active content, comments or data-* attributes.

    Wagtail's whitelister turns any element with data-embedtype / data-linktype into an embed or
    an internal link, so a file must never bring those attributes itself.
    """
    soup = BeautifulSoup(html or "", "html.parser")
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    for node in soup.find_all(string=True):
        if type(node) is not NavigableString:  # comments, CDATA, doctypes, processing instr.
            node.extract()
    for tag in soup.find_all(True):
        for name in [a for a in tag.attrs if a.lower().startswith(("data-", "on"))]:
            del tag[name]
    return soup


def _plugin_key(src: str) -> str | None:
    """`@@PLUGINFILE@@/dir/a%20b.png` → "/dir/a b.png" (a file's path + name in the question)."""
    src = (src or "").strip()
    if not src.startswith(PLUGINFILE):
        return None
    return unquote(src[len(PLUGINFILE) :].split("?", 1)[0])


def rich_text(value: str, *, fmt: str, features: list[str], images: dict | None = None) -> str:
    """Editor-safe database HTML for a RichTextField.

    HTML keeps only what the field's features allow (no scripts, event handlers or javascript:
    links); `@@PLUGINFILE@@` images found in `images` (key → stored image) become image embeds,
    any other image is dropped. Plain, Moodle and Markdown text is escaped into paragraphs.
    """
    if not (value or "").strip():
        return ""
    if fmt == "html":
        soup = _untrusted_soup(value)
        for img in soup.find_all("img"):
            image = (images or {}).get(_plugin_key(img.get("src", "")))
            if image is None:
                img.decompose()
                continue
            alt = (img.get("alt") or "").strip() or image.alt_text
            img.attrs = {
                "data-embedtype": "image",
                "data-id": str(image.pk),
                "data-format": IMAGE_FORMAT,
                "data-alt": alt,
            }
        html = str(soup)
    else:
        html = linebreaks(value.strip(), autoescape=True)
    return EditorHTMLConverter(features=features).to_database_format(html).strip()


def plain_text(value: str, *, fmt: str = "html", multiline: bool = False) -> str:
    """The text of an HTML fragment, for fields that templates autoescape.

    Paragraphs and line breaks become newlines when `multiline`, spaces otherwise. Outside HTML
    (plain, Moodle, Markdown text) the newlines of the source are kept too.
    """
    soup = _untrusted_soup(value)
    if fmt == "html":
        for node in soup.find_all(string=True):
            node.replace_with(re.sub(r"\s+", " ", str(node)))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = [re.sub(r"[^\S\n]+", " ", line).strip() for line in soup.get_text().split("\n")]
    if not multiline:
        return " ".join(line for line in lines if line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def literal_text(value: str) -> str:
    """Fields Moodle keeps as plain text (accepted answers, matching answers): markup is dropped,
    but `&` and a lone `<` stay as typed."""
    if _LOOKS_LIKE_MARKUP.search(value or ""):
        return plain_text(value)
    return re.sub(r"\s+", " ", value or "").strip()


# --- embedded images ---------------------------------------------------------------------------


@dataclass
class _CheckedFile:
    key: str  # path + name inside the question, as @@PLUGINFILE@@ references it
    title: str
    data: bytes
    extension: str
    size: tuple[int, int]


def _allowed_extensions() -> list[str]:
    # SVG can carry scripts: never from an import, whatever the settings allow for uploads.
    return [ext for ext in get_allowed_image_extensions() if ext != "svg"]


def _check_file(entry: dict) -> _CheckedFile:
    """An embedded file that is an image Wagtail accepts, or QuestionRejected."""
    name = entry["name"]
    data = base64.b64decode(entry["data"])
    try:
        picture = willow.Image.open(BytesIO(data))
        detected, size = picture.format_name, picture.get_size()
    except Exception as exc:  # noqa: BLE001 - any failure to read untrusted bytes is the answer
        raise QuestionRejected(
            _("the embedded file “%(file)s” is not an image") % {"file": name}
        ) from exc
    extension = "jpg" if detected == "jpeg" else detected
    if extension not in _allowed_extensions():
        raise QuestionRejected(
            _("the embedded file “%(file)s” is a %(format)s file; images must be %(allowed)s")
            % {
                "file": name,
                "format": detected.upper(),
                "allowed": ", ".join(e.upper() for e in _allowed_extensions()),
            }
        )
    try:
        WagtailImageField().clean(SimpleUploadedFile(f"check.{extension}", data))
    except ValidationError as exc:
        raise QuestionRejected(
            _("the embedded file “%(file)s” was refused: %(reason)s")
            % {"file": name, "reason": " ".join(exc.messages)}
        ) from exc
    title = PurePosixPath(name).stem[:255] or extension
    return _CheckedFile(entry["path"] + name, title, data, extension, size)


class _ImageStore:
    """Stores checked images (or reuses an identical one) and remembers the files it wrote, so
    that a failed import can remove them: file storage is not part of the transaction."""

    def __init__(self, *, user):
        self.user = user
        self.written: list[str] = []
        self._collection = None

    def collection(self) -> Collection:
        if self._collection is None:
            root = Collection.get_first_root_node()
            self._collection = root.get_children().filter(
                name=IMPORT_COLLECTION_NAME
            ).first() or root.add_child(name=IMPORT_COLLECTION_NAME)
        return self._collection

    def store(self, checked: _CheckedFile):
        image_model = get_image_model()
        digest = hash_filelike(BytesIO(checked.data))
        existing = image_model.objects.filter(file_hash=digest).first()
        if existing is not None:
            return existing
        image = image_model(
            title=checked.title,
            alt_text=checked.title,
            collection=self.collection(),
            uploaded_by_user=self.user,
        )
        # A generated name: the file's own name is never used as a path.
        name = f"question-{uuid4().hex}.{checked.extension}"
        image.file.save(name, ContentFile(checked.data), save=False)
        self.written.append(image.file.name)
        image.width, image.height = checked.size  # Willow read them; Django's reader may not
        image._set_image_file_metadata()
        image.save()
        return image

    def remove_written(self) -> None:
        storage = get_image_model()._meta.get_field("file").storage
        for name in self.written:
            storage.delete(name)


def _shown_files(data: dict) -> dict[str, _CheckedFile]:
    """Check every embedded file (QuestionRejected for one that is not a usable image) and
    return those the question text shows, by their @@PLUGINFILE@@ key."""
    checked = {c.key: c for c in (_check_file(entry) for entry in data.get("files") or [])}
    if not checked or data["text_format"] != "html":
        return {}
    shown = {_plugin_key(img.get("src", "")) for img in _untrusted_soup(data["text"])("img")}
    return {key: file for key, file in checked.items() if key in shown}


@dataclass
class _NotStoredYet:
    """Stands for an image while the question is checked (and in dry runs)."""

    alt_text: str
    pk: int = 0


# --- import ------------------------------------------------------------------------------------


class _Categories:
    """Finds or creates the categories of a file below the target (or at the top)."""

    def __init__(self, target: QuestionCategory | None, infos: dict[tuple, str]):
        self.target = target
        self.infos = infos
        self.cache: dict[tuple, QuestionCategory] = {}
        self.created: list[QuestionCategory] = []

    def _child(self, parent: QuestionCategory | None, name: str, info: str) -> QuestionCategory:
        category = QuestionCategory.objects.filter(parent=parent, name=name).first()
        if category is None:
            category = QuestionCategory.objects.create(parent=parent, name=name, info=info)
            self.created.append(category)
        elif info and not category.info:
            category.info = info
            category.save(update_fields=["info"])
        return category

    def get(self, path: list[str]) -> QuestionCategory:
        names = [name.strip()[:255] for name in path if name.strip()]
        key = tuple(names)
        if key in self.cache:
            return self.cache[key]
        if not names:
            category = self.target or self._child(None, DEFAULT_CATEGORY_NAME, "")
        else:
            parent = self.get(names[:-1]) if len(names) > 1 else self.target
            category = self._child(parent, names[-1], self.infos.get(key, ""))
        self.cache[key] = category
        return category


def _decimal(value: float, places: int) -> Decimal:
    return Decimal(str(round(float(value), places))).quantize(Decimal(1).scaleb(-places))


def _question_text(data: dict, images: dict) -> str:
    features = Question._meta.get_field("text").features
    return rich_text(data["text"], fmt=data["text_format"], features=features, images=images)


def _build(data: dict, *, category: QuestionCategory, images: dict) -> Question:
    """An unsaved question with its unsaved child rows, from a bank dict."""
    fmt = data["text_format"]

    def plain(value: str, multiline: bool = False) -> str:
        return plain_text(value, fmt=fmt, multiline=multiline)

    name = (
        plain(data["name"])
        or Truncator(plain(data["text"])).chars(NAME_FROM_TEXT_LENGTH)
        or str(Question.Type(data["type"]).label)
    )
    question = Question(
        category=category,
        type=data["type"],
        name=name[:255],
        text=_question_text(data, images),
        general_feedback=rich_text(
            data["general_feedback"],
            fmt=fmt,
            features=Question._meta.get_field("general_feedback").features,
        ),
        points=_decimal(data["points"], 2),
        shuffle_choices=bool(data["shuffle"]),
        locale=Locale.get_default(),
    )
    kind = data["type"]
    if kind in {"single", "multiple"}:
        question.choices = [
            Choice(
                text=plain(c["text"]),
                fraction=_decimal(c["fraction"], 7),
                feedback=plain(c["feedback"], multiline=True),
            )
            for c in data["choices"]
        ]
    elif kind == "truefalse":
        question.true_false_answer = bool(data["truefalse"]["answer"])
        question.feedback_true = plain(data["truefalse"]["feedback_true"], multiline=True)
        question.feedback_false = plain(data["truefalse"]["feedback_false"], multiline=True)
    elif kind == "short":
        question.case_sensitive = bool(data["short"]["case_sensitive"])
        question.accepted_answers = [
            AcceptedAnswer(
                text=literal_text(a["text"]),
                fraction=_decimal(a["fraction"], 7),
                feedback=plain(a["feedback"], multiline=True),
            )
            for a in data["short"]["answers"]
        ]
    elif kind == "numerical":
        question.numerical_answers = [
            NumericalAnswer(
                value=float(a["value"]),
                tolerance=float(a["tolerance"]),
                fraction=_decimal(a["fraction"], 7),
                feedback=plain(a["feedback"], multiline=True),
            )
            for a in data["numerical"]["answers"]
        ]
    elif kind == "matching":
        question.matching_pairs = [
            MatchingPair(left=plain(p["left"]), right=literal_text(p["right"]))
            for p in data["matching"]["pairs"]
        ]
    elif kind == "ordering":
        question.ordering_items = [OrderingItem(text=plain(i)) for i in data["ordering"]["items"]]
    elif kind == "essay":
        question.response_template = plain(data["essay"]["response_template"], multiline=True)
        question.grader_info = plain(data["essay"]["grader_info"], multiline=True)
    tags = [plain(tag)[:MAX_TAG_LENGTH] for tag in data.get("tags") or []]
    if any(tags):
        question.tags.add(*dict.fromkeys(t for t in tags if t))
    return question


def _field_problems(question: Question) -> list[str]:
    """What the database would refuse (lengths, ranges, blanks), in words."""
    problems = []
    children = [row for relation in _CHILD_RELATIONS for row in getattr(question, relation).all()]
    rows = [question, *children]
    for row in rows:
        try:
            row.clean_fields(exclude=["question", "category", "locale", "translation_key"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                label = row._meta.get_field(name).verbose_name
                problems += [f"{label}: {message}" for message in messages]
    return problems


_CHILD_RELATIONS = [
    "choices", "accepted_answers", "numerical_answers", "matching_pairs", "ordering_items",
]  # fmt: skip


def _save_question(question: Question) -> None:
    question.save()


def _import_all(result: ParseResult, *, target, store: _ImageStore, dry_run: bool) -> ImportReport:
    infos = {
        tuple(c["path"]): plain_text(c["info"], fmt="moodle", multiline=True)
        for c in result.categories
    }
    categories = _Categories(target, infos)
    for declared in result.categories:
        categories.get(declared["path"])

    skipped = list(result.skipped)
    saved: list[Question] = []
    # Bank dicts carry no position: number them as the file does, around the parser's skips.
    taken = {s.index for s in result.skipped}
    positions = (n for n in range(1, len(result.questions) + len(taken) + 1) if n not in taken)
    for index, data in zip(positions, result.questions, strict=False):
        try:
            files = _shown_files(data)
            placeholders = {key: _NotStoredYet(file.title) for key, file in files.items()}
            question = _build(data, category=categories.get(data["category"]), images=placeholders)
            problems = question_problems(question) or _field_problems(question)
            if problems:
                raise QuestionRejected(" ".join(problems))
        except QuestionRejected as exc:
            skipped.append(SkippedQuestion(index=index, name=data["name"], reason=exc.reason))
            continue
        if not dry_run:
            # A dry run saves nothing: saving would also reach the search index, which no
            # rollback undoes.
            if files:
                images = {key: store.store(file) for key, file in files.items()}
                question.text = _question_text(data, images)
            _save_question(question)
        saved.append(question)
    skipped.sort(key=lambda s: s.index)
    return ImportReport(
        imported=len(saved),
        skipped=skipped,
        created_categories=[str(c) for c in categories.created],
        questions=saved,
    )


def bank_import(
    *,
    result: ParseResult,
    target_category: QuestionCategory | None,
    dry_run: bool,
    user=None,
) -> ImportReport:
    """Save the parsed questions of a file, each with its category, in one transaction.

    Categories follow each question's path below `target_category` (at the top without one; a
    question without a path goes to the target, or to "Imported questions"). Questions that
    cannot be saved are skipped with a reason, beside those the parser already left out. A dry
    run checks every question the same way but saves none and writes no image file; the
    categories it creates are rolled back.

    Any other error rolls the whole file back and is raised.
    """
    store = _ImageStore(user=user)
    try:
        with transaction.atomic():
            report = _import_all(result, target=target_category, store=store, dry_run=dry_run)
            if dry_run:
                transaction.set_rollback(True)
    except BaseException:
        store.remove_written()
        raise
    report.dry_run = dry_run
    return report


def parse_question_file(data: bytes, *, file_format: str) -> ParseResult:
    """Read a file in one of FILE_FORMATS (raises KeyError for another format name)."""
    return FILE_FORMATS[file_format](data)


def file_refusal(result: ParseResult) -> str | None:
    """Why the parser refused the whole file, or None when it read it."""
    return next((s.reason for s in result.skipped if s.index == 0), None)


def category_from_path(path: str, *, create: bool) -> QuestionCategory | None:
    """The category at "A/B" from the top; missing ones are created when `create`, else None."""
    parent = None
    for name in [part.strip()[:255] for part in path.split("/") if part.strip()]:
        category = QuestionCategory.objects.filter(parent=parent, name=name).first()
        if category is None:
            if not create:
                return None
            category = QuestionCategory.objects.create(parent=parent, name=name)
        parent = category
    return parent


# --- export ------------------------------------------------------------------------------------


def _category_tree(category: QuestionCategory) -> list[QuestionCategory]:
    """The category and everything below it, depth first, children by name."""
    tree, seen = [], set()

    def walk(node: QuestionCategory) -> None:
        if node.pk in seen:
            return
        seen.add(node.pk)
        tree.append(node)
        for child in node.children.order_by("name"):
            walk(child)

    walk(category)
    return tree


def _export_text(html: str) -> tuple[str, list[dict]]:
    """Database HTML → Moodle HTML: image embeds become `@@PLUGINFILE@@` images with their file,
    links to pages become their URL."""
    if "<embed" not in html:
        return expand_db_html(html), []
    image_model = get_image_model()
    soup = BeautifulSoup(html, "html.parser")
    files: dict[int, dict] = {}
    for embed in soup.find_all("embed"):
        image = None
        if embed.get("embedtype") == "image" and str(embed.get("id", "")).isdigit():
            image = image_model.objects.filter(pk=int(embed["id"])).first()
        if image is None:
            embed.decompose()
            continue
        if image.pk not in files:
            name = PurePosixPath(image.file.name).name
            if any(f["name"] == name for f in files.values()):
                name = f"{image.pk}-{name}"
            with image.open_file() as handle:
                data = base64.b64encode(handle.read()).decode("ascii")
            files[image.pk] = {"name": name, "path": "/", "data": data}
        img = soup.new_tag("img", src=f"{PLUGINFILE}/{files[image.pk]['name']}")
        img["alt"] = embed.get("alt", "")
        embed.replace_with(img)
    return expand_db_html(str(soup)), list(files.values())


def _html_of_plain(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def question_bank_dict(question: Question, *, category_path: list[str]) -> dict:
    """The bank dict (ASSESSMENTS_SPEC §1) of a saved question, ready for export."""
    text, files = _export_text(question.text)
    data = new_question(
        question.type,
        name=question.name,
        text=text,
        general_feedback=_export_text(question.general_feedback)[0],
        points=float(question.points),
        category=category_path,
        category_info=question.category.info,
        tags=sorted(tag.name for tag in question.tags.all()),
        shuffle=question.shuffle_choices,
        files=files,
    )
    kind = question.type
    if kind in {"single", "multiple"}:
        data["single"] = kind == "single"
        data["choices"] = [
            {
                "text": _html_of_plain(c.text),
                "fraction": float(c.fraction),
                "feedback": _html_of_plain(c.feedback),
            }
            for c in question.choices.all()
        ]
    elif kind == "truefalse":
        data["truefalse"] = {
            "answer": bool(question.true_false_answer),
            "feedback_true": _html_of_plain(question.feedback_true),
            "feedback_false": _html_of_plain(question.feedback_false),
        }
    elif kind == "short":
        data["short"] = {
            "answers": [
                {
                    "text": a.text,
                    "fraction": float(a.fraction),
                    "feedback": _html_of_plain(a.feedback),
                }
                for a in question.accepted_answers.all()
            ],
            "case_sensitive": question.case_sensitive,
        }
    elif kind == "numerical":
        data["numerical"] = {
            "answers": [
                {
                    "value": a.value,
                    "tolerance": a.tolerance,
                    "fraction": float(a.fraction),
                    "feedback": _html_of_plain(a.feedback),
                }
                for a in question.numerical_answers.all()
            ]
        }
    elif kind == "matching":
        data["matching"] = {
            "pairs": [
                {"left": _html_of_plain(p.left), "right": p.right}
                for p in question.matching_pairs.all()
            ]
        }
    elif kind == "ordering":
        items = question.ordering_items.all()
        data["ordering"] = {"items": [_html_of_plain(item.text) for item in items]}
    elif kind == "essay":
        data["essay"] = {
            "response_template": _html_of_plain(question.response_template),
            "grader_info": _html_of_plain(question.grader_info),
        }
    return data


def _exported_questions(category: QuestionCategory) -> list[Question]:
    """One row per question: the default language version when there is one in the category."""
    default = Locale.get_default()
    rows = (
        Question.objects.filter(category=category)
        .select_related("category")
        .prefetch_related(*_CHILD_RELATIONS, "tagged_items__tag")
        .order_by("pk")
    )
    chosen: dict = {}
    for question in rows:
        current = chosen.get(question.translation_key)
        if current is None or (
            question.locale_id == default.pk and current.locale_id != default.pk
        ):
            chosen[question.translation_key] = question
    return sorted(chosen.values(), key=lambda q: q.pk)


def bank_export(*, category: QuestionCategory, include_subcategories: bool = True) -> bytes:
    """A Moodle XML file of the category (and, by default, all below it): one category block per
    category, with its full path from the top and its description, then its questions."""
    categories = _category_tree(category) if include_subcategories else [category]
    groups = []
    for node in categories:
        path = node.path_names()
        questions = [question_bank_dict(q, category_path=path) for q in _exported_questions(node)]
        groups.append({"path": path, "info": node.info, "questions": questions})
    return export_moodle_xml_categories(groups)
