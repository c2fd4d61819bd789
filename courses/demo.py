"""Demo courses: the five themes, the catalogue and one course per theme in es/en/fr, read from
`demo_data/<theme-key>.json`, plus some progress for the demo learner.

Block ids derive from the course key and the block's position, so a block has the same id in
every translation of its lesson and on every run: reflections and activities are keyed on it."""

import json
import uuid
from datetime import timedelta
from html import escape
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale, Page

from accounts.models import Country, User
from cms.demo_content import THEMES
from cms.models import HomePage

from .models import Cohort, CourseIndexPage, CoursePage, LessonPage, ModulePage, Theme
from .services import course_index_setup, enrolment_create, lesson_mark_complete, reflection_save

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
# In the order of cms.demo_content.THEMES, which holds their names and summaries.
THEME_KEYS = ["public-policy", "gender", "communication", "missing-migrants", "smuggling"]
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://campus.example.org/demo/courses")

CATALOGUE = {
    "es": {
        "title": "Cursos",
        "slug": "cursos",
        "introduction": "Cursos gratuitos y a su propio ritmo para funcionarias y funcionarios "
        "de gobiernos locales, en las cinco líneas temáticas del Campus.",
    },
    "en": {
        "title": "Courses",
        "slug": "courses",
        "introduction": "Free, self-paced courses for local government officials on the five "
        "themes of the Campus.",
    },
    "fr": {
        "title": "Cours",
        "slug": "cours",
        "introduction": "Des cours gratuits, à suivre à son rythme, pour les agents des "
        "collectivités locales, sur les cinq thèmes du Campus.",
    },
}
SUPPORT_RESOURCES = {
    "es": "<p>Si este contenido le afecta, puede hablar con el servicio de apoyo psicosocial de "
    "su institución o con una persona de confianza. Tómese el tiempo que necesite.</p>",
    "en": "<p>If this content affects you, you can talk to your institution’s psychosocial "
    "support service or to someone you trust. Take the time you need.</p>",
    "fr": "<p>Si ce contenu vous affecte, vous pouvez vous adresser au service de soutien "
    "psychosocial de votre institution ou à une personne de confiance. Prenez le temps qu’il "
    "vous faut.</p>",
}

TRAINER_EMAIL = "trainer@example.org"
LEARNER_EMAIL = "learner@example.org"
RESTRICTED_COURSE = "missing-migrants"
COHORT_NAME = "Cohorte Guatemala–Honduras 2026"
HALF_DONE_COURSE = "public-policy"
COMPLETED_COURSE = "gender"
REFLECTION_LESSON_SLUG = "rutas-de-derivacion-seguras"
REFLECTION_TEXT = (
    "En la Oficina Municipal de la Mujer tenemos acuerdos de palabra con el centro de salud y "
    "con un albergue, pero la ruta no está escrita. El eslabón más débil es la atención fuera "
    "de horario: los fines de semana nadie contesta y las mujeres esperan en la terminal de "
    "buses. Voy a proponer a la mesa municipal de movilidad que dibujemos la ruta juntas y "
    "acordemos un turno de contacto."
)


def _languages() -> list[str]:
    """The default language first: translations are copied from it."""
    default = Locale.get_default().language_code
    return [default, *(code for code, _name in settings.LANGUAGES if code != default)]


def _stable_id(*parts) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(str(part) for part in parts)))


def _paragraphs(text: str) -> str:
    return text if text.lstrip().startswith("<") else f"<p>{escape(text, quote=False)}</p>"


def _translation(page: Page, language: str) -> Page:
    locale = Locale.objects.get(language_code=language)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    return page.copy_for_translation(locale).specific


def _pages(model, *, parent: Page, slug: str, fill) -> dict[str, Page]:
    """A page under the default-language `parent` (found by `slug`, else created) and its
    translations, each filled by `fill(page, language)` and published. The parent must already
    be translated: a translation is copied under the translation of the parent.

    A live page whose content does not change is left alone: a rerun adds no revisions."""
    languages = _languages()
    source = model.objects.child_of(parent).filter(slug=slug).first() or model()
    pages = {}
    for language in languages:
        page = source if language == languages[0] else _translation(source, language)
        before = page.serializable_data()
        fill(page, language)
        if page.pk is None:
            parent.add_child(instance=page)
        if not (
            page.live and not page.has_unpublished_changes and page.serializable_data() == before
        ):
            page.save_revision().publish()
        pages[language] = page
    return pages


def _themes() -> dict[str, dict[str, Theme]]:
    """{language: {key: theme}}, with one translation_key per theme across languages."""
    themes: dict[str, dict[str, Theme]] = {language: {} for language in _languages()}
    for order, (key, texts) in enumerate(zip(THEME_KEYS, THEMES, strict=True), start=1):
        source = None
        for language in _languages():
            locale = Locale.objects.get(language_code=language)
            theme = Theme.objects.filter(key=key, locale=locale).first()
            theme = theme or Theme(key=key, locale=locale)
            if source is not None:
                theme.translation_key = source.translation_key
            theme.name, theme.description = texts[language]
            theme.sort_order = order
            theme.save()
            themes[language][key] = theme
            source = source or theme
    return themes


def _catalogue(home: HomePage) -> dict[str, CourseIndexPage]:
    def fill(page, language):
        texts = CATALOGUE[language]
        page.title, page.slug = texts["title"], texts["slug"]
        page.introduction = texts["introduction"]

    slug = CATALOGUE[home.locale.language_code]["slug"]
    indexes = _pages(CourseIndexPage, parent=home, slug=slug, fill=fill)
    for index in indexes.values():
        course_index_setup(index=index)
    return indexes


def _lesson_body(lesson: dict, language: str, *, key: str) -> list[dict]:
    """Raw stream data for LessonBodyBlock, with ids from `key` and the block's position."""
    body = []
    for position, block in enumerate(lesson["body"]):
        kind = block["type"]
        block_id = _stable_id(key, position)
        if kind == "heading":
            value = {"text": block["text"][language], "level": "h2"}
        elif kind == "rich_text":
            value = block["html"][language]
        elif kind == "callout":
            value = {
                "kind": block["kind"],
                "title": block["title"][language],
                "text": _paragraphs(block["text"][language]),
                "support_resources": (
                    SUPPORT_RESOURCES[language] if block["kind"] == "sensitive" else ""
                ),
            }
        elif kind == "case_study":
            value = {
                "title": block["title"][language],
                "text": _paragraphs(block["text"][language]),
            }
        elif kind == "accordion":
            items = [
                {
                    "type": "item",
                    "value": {
                        "question": item["question"][language],
                        "answer": _paragraphs(item["answer"][language]),
                    },
                    "id": _stable_id(block_id, number),
                }
                for number, item in enumerate(block["items"])
            ]
            value = {"title": "", "items": items}
        elif kind == "reflection":
            value = {"prompt": block["prompt"][language]}
        else:
            raise ValueError(f"Unknown block type {kind!r} in lesson {lesson['slug']}")
        body.append({"type": kind, "value": value, "id": block_id})
    return body


def _course(data: dict, *, index: CourseIndexPage, themes, trainer: User) -> dict[str, CoursePage]:
    key = data["key"]
    default = _languages()[0]

    def fill_course(page, language):
        page.title, page.slug = data["title"][language], data["slug"][language]
        page.summary, page.audience = data["summary"][language], data["audience"][language]
        page.objectives = [
            {"type": "objective", "value": objective[language], "id": _stable_id(key, "obj", n)}
            for n, objective in enumerate(data["objectives"])
        ]
        page.level = data["level"]
        page.estimated_hours = data["estimated_hours"]
        page.gives_certificate = data["gives_certificate"]
        page.enrolment_mode = (
            CoursePage.Enrolment.RESTRICTED
            if key == RESTRICTED_COURSE
            else CoursePage.Enrolment.OPEN
        )
        page.themes = [themes[language][data["theme"]]]
        page.trainers = [trainer]

    courses = _pages(CoursePage, parent=index, slug=data["slug"][default], fill=fill_course)
    position = 0
    for module_data in data["modules"]:

        def fill_module(page, language, module_data=module_data):
            page.title, page.slug = module_data["title"][language], module_data["slug"][language]
            page.summary = module_data["summary"][language]

        slug = module_data["slug"][default]
        modules = _pages(ModulePage, parent=courses[default], slug=slug, fill=fill_module)
        for lesson_data in module_data["lessons"]:

            def fill_lesson(page, language, lesson_data=lesson_data, position=position):
                page.title, page.slug = (
                    lesson_data["title"][language],
                    lesson_data["slug"][language],
                )
                page.summary = lesson_data["summary"][language]
                page.estimated_minutes = lesson_data["estimated_minutes"]
                page.is_required = True
                page.completion_rule = LessonPage.CompletionRule.MANUAL
                page.body = _lesson_body(lesson_data, language, key=f"{key}/{position}")

            slug = lesson_data["slug"][default]
            _pages(LessonPage, parent=modules[default], slug=slug, fill=fill_lesson)
            position += 1
    return courses


def _cohort(course: CoursePage, *, trainer: User, learner: User) -> Cohort:
    today = timezone.localdate()
    cohort, _created = Cohort.objects.update_or_create(
        course_key=course.translation_key,
        name=COHORT_NAME,
        defaults={
            "country": Country.GUATEMALA,
            "starts_on": today - timedelta(days=30),
            "ends_on": today + timedelta(days=120),
        },
    )
    cohort.trainers.set([trainer])
    enrolment_create(user=learner, course=course, cohort=cohort)
    return cohort


def _progress(courses: dict[str, CoursePage], *, learner: User) -> None:
    """Half of one course done, another course completed with a private reflection."""
    for key, share in ((HALF_DONE_COURSE, 0.5), (COMPLETED_COURSE, 1)):
        course = courses[key]
        enrolment_create(user=learner, course=course)
        lessons = list(
            LessonPage.objects.descendant_of(course)
            .live()
            .filter(is_required=True)
            # A lesson completed by its activities (assessments.demo's final quiz) cannot be
            # marked complete: it completes when the learner passes the quiz.
            .exclude(completion_rule=LessonPage.CompletionRule.ACTIVITIES)
            .order_by("path")
        )
        for lesson in lessons[: int(len(lessons) * share)]:
            lesson_mark_complete(user=learner, lesson=lesson)
    lesson = LessonPage.objects.descendant_of(courses[COMPLETED_COURSE]).get(
        slug=REFLECTION_LESSON_SLUG
    )
    prompt_id = next(child.id for child in lesson.body if child.block_type == "reflection")
    reflection_save(user=learner, lesson=lesson, prompt_id=prompt_id, text=REFLECTION_TEXT)


def _link_home_theme_cards(courses: dict[str, dict[str, CoursePage]]) -> None:
    """Each theme card of each home page links to the course of its theme, same language."""
    for language in _languages():
        # Fetched again: adding the catalogue changed its tree fields (numchild).
        home = HomePage.objects.get(locale__language_code=language)
        by_title = {
            texts[language][0]: courses[key][language]
            for key, texts in zip(THEME_KEYS, THEMES, strict=True)
        }
        home.themes = [
            ("theme", {**card.value, "link": by_title.get(card.value["title"], card.value["link"])})
            for card in home.themes
        ]
        home.save_revision().publish()


def load(*, password: str, stdout) -> None:
    trainer = User.objects.get(email=TRAINER_EMAIL)
    learner = User.objects.get(email=LEARNER_EMAIL)
    languages = _languages()
    themes = _themes()
    home = HomePage.objects.get(locale=Locale.get_default())
    index = _catalogue(home)[languages[0]]
    courses = {}
    for key in THEME_KEYS:
        data = json.loads((DATA_DIR / f"{key}.json").read_text(encoding="utf-8"))
        courses[key] = _course(data, index=index, themes=themes, trainer=trainer)
        stdout.write(f"Course: {courses[key][languages[0]].title} ({'/'.join(languages)})")
    default_courses = {key: pages[languages[0]] for key, pages in courses.items()}
    _cohort(default_courses[RESTRICTED_COURSE], trainer=trainer, learner=learner)
    _progress(default_courses, learner=learner)
    _link_home_theme_cards(courses)
