import datetime
import io

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.models import User
from accounts.roles import Role, focal_point_group_name
from courses.models import Cohort, CohortInvitation, CoursePage, Enrolment
from courses.selectors import cohorts_for_user, courses_user_can_manage, user_can_manage_cohort
from courses.services import (
    CohortClosed,
    CohortError,
    CohortMembersError,
    EnrolmentError,
    cohort_accept_invitations,
    cohort_add_members,
    cohort_create,
    cohort_parse_members,
    enrolment_create,
)
from courses.services.cohorts import MAX_MEMBER_FILE_BYTES, MAX_MEMBER_ROWS
from tests.accounts.test_signup import confirmation_path, signup_data
from tests.factories import UserFactory, VerifiedUserFactory
from tests.factories.courses import build_course, translate_tree

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def csv_upload(content: str | bytes, name: str = "members.csv") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def staff(groups, **fields) -> User:
    user = VerifiedUserFactory(groups=groups, **fields)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


def teach(course: CoursePage, trainer: User) -> CoursePage:
    course.trainers.add(trainer)
    course.save()
    return course


@pytest.fixture
def restricted(catalogue):
    return build_course(index=catalogue, enrolment_mode=CoursePage.Enrolment.RESTRICTED)


@pytest.fixture
def trainer():
    return staff([Role.TRAINERS], preferred_language="en")


@pytest.fixture
def cohort(restricted, trainer):
    course, _lessons = restricted
    teach(course, trainer)
    return cohort_create(
        name="Guatemala 2025",
        course=course,
        country="GT",
        starts_on=days(-1),
        ends_on=days(30),
        trainers=[],
        created_by=trainer,
    )


# --- Parsing -------------------------------------------------------------------------------


def test_pasted_addresses_split_on_new_lines_commas_semicolons_and_spaces():
    parsed = cohort_parse_members(
        text="a@example.org, b@example.org;c@example.org\nd@example.org e@example.org"
    )
    assert parsed.is_valid
    assert parsed.emails == [f"{x}@example.org" for x in "abcde"]


def test_pasted_addresses_are_lower_cased():
    parsed = cohort_parse_members(text="Ana.Perez@Example.ORG")
    assert parsed.emails == ["ana.perez@example.org"]


def test_pasted_address_with_a_display_name_is_read():
    parsed = cohort_parse_members(text='"Ana Pérez" <ana@example.org>; Juan <juan@example.org>')
    assert parsed.emails == ["ana@example.org", "juan@example.org"]
    assert parsed.rows[0].full_name == "Ana Pérez"


def test_a_repeated_address_in_another_case_is_an_error_naming_the_first_row():
    parsed = cohort_parse_members(text="ana@example.org\nbeto@example.org\nANA@example.org")
    assert not parsed.is_valid
    [error] = parsed.errors
    assert (error.row, error.value) == (3, "ANA@example.org")
    assert "1" in error.message


def test_invalid_pasted_address_is_reported_with_its_line():
    with translation.override("en"):
        parsed = cohort_parse_members(text="ana@example.org\nnot-an-address")
    [error] = parsed.errors
    assert (error.row, error.value) == (2, "not-an-address")
    assert error.message == "Enter a valid email address."


def test_errors_are_in_the_active_language():
    with translation.override("es"):
        parsed = cohort_parse_members(text="nope")
    with translation.override("es"):
        expected = translation.gettext("Enter a valid email address.")
    assert expected != "Enter a valid email address."
    assert parsed.errors[0].message == expected


def test_csv_with_bom_semicolons_and_a_header():
    content = "\ufeffFull name;Email\nAna Pérez;Ana@Example.org\n;\nJuan;juan@example.org\n"
    parsed = cohort_parse_members(csv_file=csv_upload(content))
    assert parsed.is_valid
    assert parsed.emails == ["ana@example.org", "juan@example.org"]
    assert [(r.row, r.full_name) for r in parsed.rows] == [(2, "Ana Pérez"), (4, "Juan")]


def test_csv_with_commas_and_extra_columns():
    content = "full_name,institution,email\nAna,Alcaldía,ana@example.org\n"
    parsed = cohort_parse_members(csv_file=csv_upload(content))
    assert parsed.emails == ["ana@example.org"]


def test_csv_bad_rows_give_one_error_per_row_with_row_number_and_value():
    content = "email\nana@example.org\nbroken@\n\nana@example.org\n,\nbeto@example.org\n"
    parsed = cohort_parse_members(csv_file=csv_upload(content))
    assert [(e.row, e.value) for e in parsed.errors] == [
        (3, "broken@"),
        (5, "ana@example.org"),
    ]
    assert "2" in parsed.errors[1].message


def test_csv_without_an_email_column_is_refused():
    parsed = cohort_parse_members(csv_file=csv_upload("ana@example.org\nbeto@example.org\n"))
    [error] = parsed.errors
    assert error.row == 1
    assert "email" in error.message


def test_csv_that_is_not_utf8_is_refused():
    parsed = cohort_parse_members(
        csv_file=csv_upload("email\nnuñez@example.org\n".encode("latin-1"))
    )
    [error] = parsed.errors
    assert error.row is None
    assert "UTF-8" in error.message


def test_csv_over_one_megabyte_is_refused():
    content = "email\n" + "x" * MAX_MEMBER_FILE_BYTES
    parsed = cohort_parse_members(csv_file=csv_upload(content))
    assert not parsed.rows
    assert "1 MB" in parsed.errors[0].message


def test_more_than_the_row_limit_is_refused():
    content = "email\n" + "".join(f"p{n}@example.org\n" for n in range(MAX_MEMBER_ROWS + 1))
    parsed = cohort_parse_members(csv_file=csv_upload(content))
    assert not parsed.rows
    assert str(MAX_MEMBER_ROWS + 1) in parsed.errors[0].message


# --- Enrolment rules -----------------------------------------------------------------------


def test_anyone_signed_in_can_enrol_in_an_open_course(course_with_lessons):
    course, _lessons = course_with_lessons
    enrolment = enrolment_create(user=VerifiedUserFactory(), course=course)
    assert enrolment.source == Enrolment.Source.SELF


def test_a_restricted_course_refuses_self_enrolment(restricted):
    course, _lessons = restricted
    with pytest.raises(EnrolmentError):
        enrolment_create(user=VerifiedUserFactory(), course=course)


def test_cohort_end_before_start_is_refused(restricted, trainer):
    course, _lessons = restricted
    teach(course, trainer)
    with pytest.raises(CohortError):
        cohort_create(
            name="Backwards",
            course=course,
            country="",
            starts_on=days(10),
            ends_on=days(1),
            trainers=[],
            created_by=trainer,
        )


def test_a_trainer_cannot_create_a_cohort_for_a_course_they_do_not_teach(restricted, trainer):
    course, _lessons = restricted
    with pytest.raises(PermissionDenied):
        cohort_create(
            name="Not mine",
            course=course,
            country="",
            starts_on=days(1),
            ends_on=None,
            trainers=[],
            created_by=trainer,
        )
    assert not Cohort.objects.exists()


# --- Adding members ------------------------------------------------------------------------


def test_existing_user_is_enrolled_and_notified_in_their_language(
    restricted, cohort, trainer, django_capture_on_commit_callbacks
):
    course, _lessons = restricted
    french = translate_tree(course, "fr")
    learner = VerifiedUserFactory(email="marie@example.org", preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        result = cohort_add_members(cohort=cohort, emails=["Marie@Example.org"], invited_by=trainer)
    assert result.enrolled == ["marie@example.org"]
    enrolment = Enrolment.objects.get(user=learner)
    assert (enrolment.cohort, enrolment.source) == (cohort, Enrolment.Source.COHORT)
    [message] = mail.outbox
    assert message.to == ["marie@example.org"]
    assert french.title in message.subject
    assert french.get_full_url() in message.body
    with translation.override("fr"):
        french_date = date_format(cohort.ends_on, "DATE_FORMAT")
    with translation.override("en"):
        english_date = date_format(cohort.ends_on, "DATE_FORMAT")
    assert french_date != english_date
    assert french_date in message.body


def test_unknown_email_gets_one_invitation_even_when_added_twice(
    cohort, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = cohort_add_members(cohort=cohort, emails=["new@example.org"], invited_by=trainer)
        again = cohort_add_members(cohort=cohort, emails=["NEW@example.org"], invited_by=trainer)
    assert first.invited == ["new@example.org"]
    assert again.already_invited == ["new@example.org"]
    assert CohortInvitation.objects.filter(cohort=cohort).count() == 1
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    assert "/accounts/signup/" in message.body


def test_one_bad_row_saves_nothing_and_sends_nothing(
    cohort, trainer, django_capture_on_commit_callbacks
):
    VerifiedUserFactory(email="known@example.org")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CohortMembersError) as err:
        cohort_add_members(
            cohort=cohort,
            emails=["known@example.org", "new@example.org", "bad-address"],
            invited_by=trainer,
        )
    assert [(e.row, e.value) for e in err.value.errors] == [(3, "bad-address")]
    assert not Enrolment.objects.exists()
    assert not CohortInvitation.objects.exists()
    assert not mail.outbox


def test_a_cohort_that_has_ended_takes_no_new_members(cohort, trainer):
    Cohort.objects.filter(pk=cohort.pk).update(starts_on=days(-30), ends_on=days(-1))
    cohort.refresh_from_db()
    with pytest.raises(CohortClosed):
        cohort_add_members(cohort=cohort, emails=["new@example.org"], invited_by=trainer)
    assert not CohortInvitation.objects.exists()


def test_invited_person_signs_up_confirms_and_is_enrolled(
    client, cohort, trainer, django_capture_on_commit_callbacks
):
    email = signup_data()["email"]
    with django_capture_on_commit_callbacks(execute=True):
        cohort_add_members(cohort=cohort, emails=[email.upper()], invited_by=trainer)
    assert len(mail.outbox) == 1

    response = client.post("/es/accounts/signup/", signup_data())
    assert response.status_code == 302
    user = User.objects.get(email=email)
    assert not Enrolment.objects.filter(user=user).exists()

    client.post(confirmation_path(mail.outbox[-1]))
    assert EmailAddress.objects.get(user=user).verified
    enrolment = Enrolment.objects.get(user=user)
    assert enrolment.cohort == cohort
    assert CohortInvitation.objects.get(email=email).accepted_at is not None


def test_an_unverified_address_accepts_no_invitation(cohort, trainer):
    cohort_add_members(cohort=cohort, emails=["pending@example.org"], invited_by=trainer)
    user = UserFactory(email="pending@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    assert cohort_accept_invitations(user=user) == []
    assert not Enrolment.objects.filter(user=user).exists()


# --- Lesson access -------------------------------------------------------------------------


def test_cohort_learner_waits_for_the_start_date_then_opens_lessons(
    client, restricted, cohort, trainer
):
    _course, lessons = restricted
    Cohort.objects.filter(pk=cohort.pk).update(starts_on=days(3))
    cohort.refresh_from_db()
    learner = VerifiedUserFactory()
    cohort_add_members(cohort=cohort, emails=[learner.email], invited_by=trainer)
    client.force_login(learner)

    response = client.get(lessons[0].url, follow=True)
    assert response.redirect_chain
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    assert str(days(3).year) in messages[0]

    Cohort.objects.filter(pk=cohort.pk).update(starts_on=timezone.localdate())
    assert client.get(lessons[0].url).status_code == 200


def test_someone_not_enrolled_gets_404_on_restricted_lessons(client, restricted, cohort):
    _course, lessons = restricted
    client.force_login(VerifiedUserFactory())
    assert client.get(lessons[0].url).status_code == 404


# --- Permissions and admin -----------------------------------------------------------------


def test_only_trainers_and_the_secretariat_manage_cohorts(cohort):
    learner = VerifiedUserFactory(groups=[Role.LEARNERS])
    focal_point = VerifiedUserFactory(groups=[focal_point_group_name("GT")])
    secretariat = VerifiedUserFactory(groups=[Role.SECRETARIAT])
    for user in (learner, focal_point):
        assert not cohorts_for_user(user=user).exists()
        assert not courses_user_can_manage(user=user).exists()
    assert user_can_manage_cohort(user=secretariat, cohort=cohort)


def test_a_cohort_trainer_manages_the_cohort_without_teaching_the_course(cohort):
    helper = VerifiedUserFactory(groups=[Role.TRAINERS])
    assert not user_can_manage_cohort(user=helper, cohort=cohort)
    cohort.trainers.add(helper)
    assert user_can_manage_cohort(user=helper, cohort=cohort)


def test_trainer_of_another_course_cannot_reach_the_cohort(
    client, catalogue, cohort, django_capture_on_commit_callbacks
):
    other = staff([Role.TRAINERS])
    other_course, _lessons = build_course(index=catalogue)
    teach(other_course, other)
    client.force_login(other)

    listing = client.get("/admin/cohorts/")
    assert listing.status_code == 200
    assert "Guatemala 2025" not in listing.content.decode()
    # An admin 404 is redirected by LocaleMiddleware to /es/admin/…, which is a 404 too.
    for path in (f"/admin/cohorts/{cohort.pk}/", f"/admin/cohorts/{cohort.pk}/edit/"):
        response = client.get(path, follow=True)
        assert response.status_code == 404, path
        assert "Guatemala 2025" not in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        add = client.post(
            f"/admin/cohorts/{cohort.pk}/members/add/", {"emails": "x@example.org"}, follow=True
        )
        edit = client.post(
            f"/admin/cohorts/{cohort.pk}/edit/",
            {"name": "Taken", "course": other_course.pk, "starts_on": "2030-01-01"},
            follow=True,
        )
    assert add.status_code == 404
    assert edit.status_code == 404
    assert not CohortInvitation.objects.exists()
    assert Cohort.objects.get(pk=cohort.pk).name == "Guatemala 2025"
    assert not mail.outbox


def test_course_chooser_lists_only_the_courses_the_trainer_teaches(client, restricted, trainer):
    course, _lessons = restricted
    teach(course, trainer)
    other, _lessons = build_course(index=course.get_parent(), title="Not taught here")
    client.force_login(trainer)
    html = client.get("/admin/cohorts/add/").content.decode()
    assert course.title in html
    assert other.title not in html
    response = client.post(
        "/admin/cohorts/add/",
        {"name": "Sneaky", "course": other.pk, "starts_on": "2030-01-01"},
    )
    assert response.status_code == 200
    assert not Cohort.objects.exists()


def test_trainer_creates_a_cohort_and_dates_are_checked(client, restricted, trainer):
    course, _lessons = restricted
    teach(course, trainer)
    client.force_login(trainer)
    data = {"name": "Honduras", "course": course.pk, "country": "HN", "starts_on": "2030-02-01"}
    refused = client.post("/admin/cohorts/add/", {**data, "ends_on": "2030-01-01"})
    assert refused.status_code == 200
    with translation.override("es"):
        expected = translation.gettext("The end date cannot be before the start date.")
    assert expected in refused.content.decode()
    assert not Cohort.objects.exists()

    response = client.post("/admin/cohorts/add/", {**data, "ends_on": "2030-03-01"})
    cohort = Cohort.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/cohorts/{cohort.pk}/"
    assert cohort.course_key == course.translation_key


def test_secretariat_sees_every_cohort(client, catalogue, cohort):
    other_course, _lessons = build_course(index=catalogue)
    secretariat = staff([Role.SECRETARIAT])
    second = cohort_create(
        name="Panamá 2026",
        course=other_course,
        country="PA",
        starts_on=days(10),
        ends_on=None,
        trainers=[],
        created_by=secretariat,
    )
    client.force_login(secretariat)
    html = client.get("/admin/cohorts/").content.decode()
    assert "Guatemala 2025" in html
    assert "Panamá 2026" in html
    assert client.get(f"/admin/cohorts/{second.pk}/").status_code == 200


def test_admin_csv_with_bad_rows_shows_each_error_and_saves_nothing(
    client, cohort, trainer, django_capture_on_commit_callbacks
):
    VerifiedUserFactory(email="known@example.org")
    client.force_login(trainer)
    upload = csv_upload(
        "email;full_name\nknown@example.org;Known\nnot-valid;X\nnew@example.org;N\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/cohorts/{cohort.pk}/members/add/", {"csv_file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("es"):
        assert translation.gettext("Some rows have errors. Nothing was saved.") in html
    assert "<td>3</td>" in html
    assert "not-valid" in html
    with translation.override("es"):
        assert translation.gettext("Enter a valid email address.") in html
    assert not Enrolment.objects.exists()
    assert not CohortInvitation.objects.exists()
    assert not mail.outbox


def test_admin_paste_enrols_and_invites_then_lists_them(
    client, cohort, trainer, django_capture_on_commit_callbacks
):
    known = VerifiedUserFactory(email="known@example.org", full_name="Karla Known")
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/cohorts/{cohort.pk}/members/add/",
            {"emails": "known@example.org\nnew@example.org"},
        )
    assert response.status_code == 302
    assert Enrolment.objects.get(cohort=cohort).user == known
    assert CohortInvitation.objects.get(cohort=cohort).email == "new@example.org"
    assert len(mail.outbox) == 2
    html = client.get(f"/admin/cohorts/{cohort.pk}/").content.decode()
    assert "Karla Known" in html
    assert "new@example.org" in html


def test_cohorts_menu_item_is_shown_to_trainers_only(client, site_pages):
    focal_point = staff([focal_point_group_name("GT")])
    client.force_login(focal_point)
    assert "/admin/cohorts/" not in client.get("/admin/").content.decode()
    assert client.get("/admin/cohorts/").status_code in {302, 403}
    client.force_login(staff([Role.TRAINERS]))
    assert "/admin/cohorts/" in client.get("/admin/").content.decode()


def test_pasting_a_list_is_the_same_as_uploading_it():
    pasted = cohort_parse_members(text="a@example.org\nb@example.org")
    uploaded = cohort_parse_members(csv_file=io.BytesIO(b"email\na@example.org\nb@example.org\n"))
    assert pasted.emails == uploaded.emails
