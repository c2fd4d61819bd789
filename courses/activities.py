"""The activity extension point.

An activity is something inside a lesson that a learner completes (a quiz, an H5P
interaction…). Apps plug in by registering a provider that lists a lesson's activities; when
a learner completes one, the app calls `courses.services.activity_record_completion`. A lesson
whose completion rule is "activities" completes when all its required activities are done.

Lesson-body blocks that set `activity_kind` are activities out of the box, keyed by the block's
stable id (the same in every translation of the lesson).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .models import LessonPage


@dataclass(frozen=True)
class Activity:
    key: str
    kind: str
    title: str
    required: bool = True
    # Scores computed in the browser (H5P) can complete a lesson but never decide a certificate.
    self_reported: bool = False


class ActivityProvider(Protocol):
    def activities_for_lesson(self, lesson: "LessonPage") -> list[Activity]: ...


class StreamFieldActivityProvider:
    """Activities declared as lesson-body blocks (blocks with an `activity_kind`)."""

    def activities_for_lesson(self, lesson: "LessonPage") -> list[Activity]:
        found = []
        for child in lesson.body:
            kind = getattr(child.block, "activity_kind", None)
            if kind:
                value = child.value
                found.append(
                    Activity(
                        key=f"{kind}:{child.id}",
                        kind=kind,
                        title=str(value.get("title", "") if hasattr(value, "get") else ""),
                        required=bool(value.get("required", True))
                        if hasattr(value, "get")
                        else True,
                        self_reported=getattr(child.block, "activity_self_reported", False),
                    )
                )
        return found


_providers: list[ActivityProvider] = [StreamFieldActivityProvider()]


def register(provider: ActivityProvider) -> ActivityProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: ActivityProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def activities_for_lesson(lesson: "LessonPage") -> list[Activity]:
    activities: list[Activity] = []
    for provider in _providers:
        activities.extend(provider.activities_for_lesson(lesson))
    return activities
