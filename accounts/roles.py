"""The roles of Campus, as Django groups. Group names are stable identifiers (they are created
by a data migration and referred to by later migrations), so they are not translated."""

from enum import StrEnum

from .models import Country


class Role(StrEnum):
    LEARNERS = "Learners"
    TRAINERS = "Trainers"
    SECRETARIAT = "Secretariat"


FOCAL_POINT_PREFIX = "Focal points — "


def focal_point_group_name(country: str) -> str:
    """Name of the focal-point group of a member country, e.g. "Focal points — GT"."""
    if country not in {c.value for c in Country.members()}:
        raise ValueError(f"{country!r} is not an RCM member country code.")
    return f"{FOCAL_POINT_PREFIX}{country}"


def staff_group_names() -> list[str]:
    """Groups whose members work in the Wagtail admin."""
    return [
        Role.TRAINERS,
        Role.SECRETARIAT,
        *(focal_point_group_name(c) for c in Country.members()),
    ]
