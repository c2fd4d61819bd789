"""Courses and learning records.

Course content is Wagtail pages (catalogue → course → module → lesson), translated per locale.
Learning records (enrolment, completions, reflections) point at the `translation_key` of the
course and lesson pages — the identity every language copy shares — so a learner who switches
language keeps everything. Records are append-only rows with unique constraints: a completion
happens once."""

from .learning import (
    ActivityCompletion,
    Cohort,
    CohortInvitation,
    CourseCompletion,
    Enrolment,
    LessonCompletion,
    Reflection,
)
from .pages import CourseIndexPage, CoursePage, LessonPage, ModulePage
from .snippets import Theme

__all__ = [
    "ActivityCompletion",
    "Cohort",
    "CohortInvitation",
    "CourseCompletion",
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "LessonCompletion",
    "LessonPage",
    "ModulePage",
    "Reflection",
    "Theme",
]
