"""Course trees for tests: a catalogue under the Spanish home page, courses with modules and
lessons, translated when asked."""

import factory
import wagtail_factories
from wagtail.models import Locale

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    key = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Theme {n}")
    locale = factory.LazyFunction(Locale.get_default)


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Cursos"
    slug = "cursos"


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Curso {n}")
    slug = factory.Sequence(lambda n: f"curso-{n}")
    summary = "Un curso de prueba."
    estimated_hours = 4


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Módulo {n}")
    slug = factory.Sequence(lambda n: f"modulo-{n}")


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lección {n}")
    slug = factory.Sequence(lambda n: f"leccion-{n}")
    completion_rule = LessonPage.CompletionRule.MANUAL


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_course(
    *, index, modules: int = 2, lessons_per_module: int = 2, **course_fields
) -> tuple[CoursePage, list[LessonPage]]:
    """A published course with `modules` × `lessons_per_module` published lessons."""
    course = publish(CoursePageFactory(parent=index, **course_fields))
    lessons = []
    for _m in range(modules):
        module = publish(ModulePageFactory(parent=course))
        for _l in range(lessons_per_module):
            lessons.append(publish(LessonPageFactory(parent=module)))
    course.refresh_from_db()
    return course, lessons


def translate_tree(page, language: str):
    """Copy a published page and its descendants into another locale, published."""
    locale = Locale.objects.get(language_code=language)
    copy = page.copy_for_translation(locale, copy_parents=True)
    copy.slug = f"{page.slug}-{language}"
    copy.title = f"{page.title} ({language})"
    publish(copy)
    for child in page.get_children().specific():
        translate_tree(child, language)
    return copy.specific
