"""Writes for cohorts: create and edit them, read a list of members, add the members.

Adding members is all or nothing: one bad row and nothing is saved, so a trainer fixes the file
and imports it again without wondering what went in. People who already have an account are
enrolled and told so; unknown addresses get an invitation that enrols them once they sign up
and confirm that address (`cohort_accept_invitations`, called by the allauth adapter)."""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from accounts.models import User

from ..models import Cohort, CohortInvitation, CoursePage, Enrolment
from ..selectors.cohorts import (
    cohort_has_ended,
    course_for_cohort,
    courses_user_can_manage,
    user_can_manage_cohort,
)
from ..selectors.learning import courses_by_key
from .learning import enrolment_create

MAX_MEMBER_ROWS = 2000
MAX_MEMBER_FILE_BYTES = 1024 * 1024
EMAIL_HEADERS = {"email", "e_mail", "email_address", "correo", "correo_electronico", "courriel"}
NAME_HEADERS = {"full_name", "name", "nombre", "nombre_completo", "nom", "nom_complet"}


class CohortError(Exception):
    """A cohort cannot be saved or changed as asked (dates, course, cohort ended…)."""


class CohortClosed(CohortError):
    """The cohort has ended: it takes no new members."""


class CohortMembersError(CohortError):
    """Some rows of a member list are wrong; `errors` says which. Nothing was saved."""

    def __init__(self, errors: Sequence["MemberError"]):
        super().__init__(_("Some rows have errors. Nothing was saved."))
        self.errors = tuple(errors)


@dataclass(frozen=True)
class MemberRow:
    row: int
    email: str
    full_name: str = ""


@dataclass(frozen=True)
class MemberError:
    """A problem with one row (`row` is None for the whole file: too large, not UTF-8…)."""

    row: int | None
    value: str
    message: str


@dataclass(frozen=True)
class ParsedMembers:
    rows: tuple[MemberRow, ...] = ()
    errors: tuple[MemberError, ...] = ()

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def emails(self) -> list[str]:
        return [row.email for row in self.rows]


@dataclass
class AddResult:
    enrolled: list[str] = field(default_factory=list)
    already_enrolled: list[str] = field(default_factory=list)
    invited: list[str] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)


# --- Create and edit ---------------------------------------------------------------------


def _check_dates(*, starts_on: date, ends_on: date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise CohortError(_("The end date cannot be before the start date."))


@transaction.atomic
def cohort_create(
    *,
    name: str,
    course: CoursePage,
    country: str,
    starts_on: date,
    ends_on: date | None,
    trainers: Iterable[User],
    created_by: User,
) -> Cohort:
    """Create a cohort of `course`.

    Raises PermissionDenied when `created_by` may not manage the course, CohortError when the
    dates are the wrong way round, ValidationError for other invalid values."""
    if not courses_user_can_manage(user=created_by).filter(pk=course.pk).exists():
        raise PermissionDenied(_("You cannot create cohorts for this course."))
    _check_dates(starts_on=starts_on, ends_on=ends_on)
    cohort = Cohort(
        name=name.strip(),
        course_key=course.translation_key,
        country=country or "",
        starts_on=starts_on,
        ends_on=ends_on,
    )
    cohort.full_clean()
    cohort.save()
    cohort.trainers.set(list(trainers))
    return cohort


@transaction.atomic
def cohort_update(
    *,
    cohort: Cohort,
    updated_by: User,
    name: str,
    course: CoursePage,
    country: str,
    starts_on: date,
    ends_on: date | None,
    trainers: Iterable[User],
) -> Cohort:
    """Change a cohort. Moving it to another course needs the right to manage that course.

    Raises PermissionDenied, CohortError (dates; moving a cohort that has members) or
    ValidationError."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if not user_can_manage_cohort(user=updated_by, cohort=cohort):
        raise PermissionDenied(_("You cannot manage this cohort."))
    if course.translation_key != cohort.course_key:
        if not courses_user_can_manage(user=updated_by).filter(pk=course.pk).exists():
            raise PermissionDenied(_("You cannot create cohorts for this course."))
        if cohort.enrolments.exists() or cohort.invitations.exists():
            raise CohortError(_("A cohort with members or invitations cannot change course."))
    _check_dates(starts_on=starts_on, ends_on=ends_on)
    cohort.name = name.strip()
    cohort.course_key = course.translation_key
    cohort.country = country or ""
    cohort.starts_on = starts_on
    cohort.ends_on = ends_on
    cohort.full_clean()
    cohort.save()
    cohort.trainers.set(list(trainers))
    return cohort


# --- Reading a member list ---------------------------------------------------------------


def _email_problem(email: str) -> str | None:
    if not email:
        return _("No email address.")
    try:
        validate_email(email)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _check_rows(rows: Iterable[MemberRow]) -> tuple[list[MemberRow], list[MemberError]]:
    """Validate each address and refuse repeats (case does not matter)."""
    good: list[MemberRow] = []
    errors: list[MemberError] = []
    first_seen: dict[str, int] = {}
    for row in rows:
        email = row.email.strip().lower()
        problem = _email_problem(email)
        if problem is None and email in first_seen:
            problem = _("Already listed in row %(row)d.") % {"row": first_seen[email]}
        if problem is not None:
            errors.append(MemberError(row=row.row, value=row.email, message=problem))
            continue
        first_seen[email] = row.row
        good.append(MemberRow(row=row.row, email=email, full_name=row.full_name.strip()[:200]))
    return good, errors


def _too_many_rows(count: int) -> MemberError:
    return MemberError(
        row=None,
        value="",
        message=_("The list has %(count)d addresses; at most %(max)d can be added at once.")
        % {"count": count, "max": MAX_MEMBER_ROWS},
    )


_ADDRESS_WITH_NAME = re.compile(r"\s*\"?(?P<name>[^\"<>]*?)\"?\s*<(?P<email>[^<>]+)>\s*")


def _rows_from_text(text: str) -> list[MemberRow]:
    """One entry per address; the row is the line it is on. Accepts "Name <address>" too, as
    mail programs copy it."""
    rows = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        for chunk in re.split(r"[,;]", line):
            if not chunk.strip():
                continue
            match = _ADDRESS_WITH_NAME.fullmatch(chunk)
            if match:
                rows.append(MemberRow(line_number, match["email"].strip(), match["name"]))
                continue
            for token in chunk.split():
                rows.append(MemberRow(line_number, token.removeprefix("mailto:")))
    return rows


def _header_key(cell: str) -> str:
    return re.sub(r"[\s\-]+", "_", cell.strip().lower())


def _parse_csv(csv_file) -> ParsedMembers:
    size = getattr(csv_file, "size", None)
    if size is not None and size > MAX_MEMBER_FILE_BYTES:
        return ParsedMembers(errors=(_file_too_large(),))
    csv_file.seek(0)
    raw = csv_file.read(MAX_MEMBER_FILE_BYTES + 1)
    if len(raw) > MAX_MEMBER_FILE_BYTES:
        return ParsedMembers(errors=(_file_too_large(),))
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParsedMembers(
            errors=(
                MemberError(
                    row=None,
                    value=getattr(csv_file, "name", ""),
                    message=_(
                        "The file is not in UTF-8. In your spreadsheet, save it as "
                        "“CSV UTF-8” and upload it again."
                    ),
                ),
            )
        )
    first_line = content.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter))
    except csv.Error:
        return ParsedMembers(
            errors=(
                MemberError(
                    row=None,
                    value=getattr(csv_file, "name", ""),
                    message=_("The file cannot be read as CSV."),
                ),
            )
        )
    if not any(cell.strip() for cell in (records[0] if records else [])):
        return ParsedMembers(
            errors=(MemberError(row=None, value="", message=_("The file is empty.")),)
        )
    header = [_header_key(cell) for cell in records[0]]
    email_column = next((i for i, key in enumerate(header) if key in EMAIL_HEADERS), None)
    name_column = next((i for i, key in enumerate(header) if key in NAME_HEADERS), None)
    if email_column is None:
        return ParsedMembers(
            errors=(
                MemberError(
                    row=1,
                    value=delimiter.join(records[0]),
                    message=_(
                        "The first row must name the columns, one of them “email” "
                        "(and optionally “full_name”)."
                    ),
                ),
            )
        )
    rows = []
    for row_number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        email = record[email_column].strip() if email_column < len(record) else ""
        name = ""
        if name_column is not None and name_column < len(record):
            name = record[name_column]
        rows.append(MemberRow(row_number, email, name))
    return _finish(rows)


def _file_too_large() -> MemberError:
    return MemberError(
        row=None,
        value="",
        message=_("The file is too large (at most %(size)s MB).")
        % {"size": MAX_MEMBER_FILE_BYTES // (1024 * 1024)},
    )


def _finish(rows: list[MemberRow]) -> ParsedMembers:
    if not rows:
        return ParsedMembers(
            errors=(MemberError(row=None, value="", message=_("No email addresses found.")),)
        )
    if len(rows) > MAX_MEMBER_ROWS:
        return ParsedMembers(errors=(_too_many_rows(len(rows)),))
    good, errors = _check_rows(rows)
    return ParsedMembers(rows=tuple(good), errors=tuple(errors))


def cohort_parse_members(*, text: str | None = None, csv_file=None) -> ParsedMembers:
    """Read a member list pasted as text (addresses separated by new lines, commas, semicolons
    or spaces) or uploaded as CSV (UTF-8, with or without BOM; comma or semicolon; a header row
    with an "email" column and optionally "full_name").

    Never raises for bad input: every problem is a MemberError with the row, the value and a
    translated message. Addresses are returned in lower case."""
    if csv_file is not None and text:
        raise ValueError("Give either text or csv_file, not both.")
    if csv_file is not None:
        return _parse_csv(csv_file)
    text = text or ""
    if len(text.encode()) > MAX_MEMBER_FILE_BYTES:
        return ParsedMembers(
            errors=(
                MemberError(
                    row=None,
                    value="",
                    message=_("The pasted text is too long (at most %(size)s MB).")
                    % {"size": MAX_MEMBER_FILE_BYTES // (1024 * 1024)},
                ),
            )
        )
    return _finish(_rows_from_text(text))


# --- Adding members ----------------------------------------------------------------------


@transaction.atomic
def cohort_add_members(*, cohort: Cohort, emails: Sequence[str], invited_by: User) -> AddResult:
    """Enrol the people who have an account and invite the others. All or nothing.

    Existing users (email matched without regard to case) are enrolled in the course through
    the cohort and emailed in their language; unknown addresses get one invitation per cohort
    (adding them again changes nothing) and an email with a sign-up link, in the language
    active now. Emails leave after the commit.

    Raises PermissionDenied, CohortClosed when the cohort has ended, CohortMembersError when
    any address is invalid or repeated, CohortError when the course no longer exists."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if not user_can_manage_cohort(user=invited_by, cohort=cohort):
        raise PermissionDenied(_("You cannot manage this cohort."))
    if cohort_has_ended(cohort=cohort):
        raise CohortClosed(_("This cohort has ended: it cannot take new members."))
    rows, errors = _check_rows(MemberRow(n, e) for n, e in enumerate(emails, start=1))
    if len(rows) + len(errors) > MAX_MEMBER_ROWS:
        errors.insert(0, _too_many_rows(len(rows) + len(errors)))
    if errors:
        raise CohortMembersError(errors)
    course = course_for_cohort(cohort=cohort)
    if course is None:
        raise CohortError(_("The course of this cohort no longer exists."))

    wanted = [row.email for row in rows]
    users = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=wanted)
    }
    members = set(
        Enrolment.objects.filter(
            cohort=cohort, left_at__isnull=True, user__in=list(users.values())
        ).values_list("user_id", flat=True)
    )
    result = AddResult()
    language = translation.get_language() or settings.LANGUAGE_CODE
    for email in wanted:
        user = users.get(email)
        if user is not None:
            if user.pk in members:
                result.already_enrolled.append(email)
                continue
            enrolment_create(user=user, course=course, cohort=cohort)
            result.enrolled.append(email)
            _on_commit_notify_member(cohort_id=cohort.pk, user_id=user.pk)
            continue
        invitation, created = CohortInvitation.objects.get_or_create(
            cohort=cohort, email=email, defaults={"invited_by": invited_by}
        )
        if not created:
            result.already_invited.append(email)
            continue
        result.invited.append(email)
        _on_commit_send_invitation(invitation_id=invitation.pk, language=language)
    return result


def _on_commit_notify_member(*, cohort_id: int, user_id: int) -> None:
    from ..tasks import cohort_member_notify_task

    transaction.on_commit(
        lambda: cohort_member_notify_task.delay(cohort_id=cohort_id, user_id=user_id)
    )


def _on_commit_send_invitation(*, invitation_id: int, language: str) -> None:
    from ..tasks import cohort_invitation_send_task

    transaction.on_commit(
        lambda: cohort_invitation_send_task.delay(invitation_id=invitation_id, language=language)
    )


@transaction.atomic
def cohort_accept_invitations(*, user: User) -> list[Enrolment]:
    """Enrol the user in every cohort that invited one of their verified addresses, and mark
    those invitations accepted. Invitations of cohorts that have ended stay pending.

    Idempotent: accepted invitations are not looked at again."""
    from allauth.account.models import EmailAddress

    addresses = [
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]
    if not addresses:
        return []
    invitations = (
        CohortInvitation.objects.select_for_update()
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=addresses, accepted_at__isnull=True)
        .select_related("cohort")
    )
    enrolments = []
    for invitation in invitations:
        cohort = invitation.cohort
        course = course_for_cohort(cohort=cohort)
        if course is None or cohort_has_ended(cohort=cohort):
            continue
        enrolments.append(enrolment_create(user=user, course=course, cohort=cohort))
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return enrolments


# --- Emails (run by tasks after the commit) ----------------------------------------------


def _send(*, template: str, to: str, context: dict) -> None:
    subject = render_to_string(f"courses/email/{template}_subject.txt", context)
    body = render_to_string(f"courses/email/{template}_message.txt", context)
    send_mail(
        subject=f"[{settings.WAGTAIL_SITE_NAME}] {' '.join(subject.split())}",
        message=body,
        from_email=None,
        recipient_list=[to],
    )


def _course_link(*, cohort: Cohort, language: str) -> tuple[str, str]:
    """Title and full URL of the course in `language`, or in any language it is published in."""
    locale = Locale.objects.filter(language_code=language).first() or Locale.get_default()
    page = courses_by_key(keys=[cohort.course_key], locale=locale).get(cohort.course_key)
    if page is not None:
        return page.title, page.get_full_url() or ""
    page = course_for_cohort(cohort=cohort, language=language)
    return (page.title if page else ""), settings.SITE_URL + reverse("courses_my_learning")


def cohort_member_notify(*, cohort_id: int, user_id: int) -> bool:
    """Tell a learner, in their language, that they were enrolled through the cohort.

    Returns False (nothing sent) when they are no longer a member."""
    enrolment = (
        Enrolment.objects.filter(cohort_id=cohort_id, user_id=user_id, left_at__isnull=True)
        .select_related("user", "cohort")
        .first()
    )
    if enrolment is None:
        return False
    user, cohort = enrolment.user, enrolment.cohort
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        title, url = _course_link(cohort=cohort, language=language)
        _send(
            template="cohort_enrolled",
            to=user.email,
            context={"user": user, "cohort": cohort, "course_title": title, "course_url": url},
        )
    return True


def cohort_invitation_send(*, invitation_id: int, language: str) -> bool:
    """Email an invitation with a sign-up link in `language`.

    Returns False (nothing sent) when the invitation was accepted or withdrawn meanwhile."""
    invitation = (
        CohortInvitation.objects.filter(pk=invitation_id, accepted_at__isnull=True)
        .select_related("cohort")
        .first()
    )
    if invitation is None:
        return False
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        title, _url = _course_link(cohort=invitation.cohort, language=language)
        _send(
            template="cohort_invitation",
            to=invitation.email,
            context={
                "invitation": invitation,
                "cohort": invitation.cohort,
                "course_title": title,
                "signup_url": settings.SITE_URL + reverse("account_signup"),
            },
        )
    return True
