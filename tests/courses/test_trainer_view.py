import csv
import io
from datetime import timedelta
from uuid import uuid4

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.users.models import UserProfile

from accounts.models import Country
from accounts.roles import Role, focal_point_group_name
from courses.models import Cohort, CourseCompletion, Enrolment
from courses.selectors import course_learners, trainer_course_summaries, trainer_courses
from courses.services import enrolment_create, enrolment_leave, lesson_mark_complete
from tests.factories import VerifiedUserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db

CSV_HEADER = [
    "Full name",
    "Email",
    "Country",
    "Institution",
    "Cohort",
    "Enrolled",
    "Last activity",
    "Lessons done",
    "Required lessons",
    "Progress (%)",
    "Completed",
]


def staff(*groups, **fields):
    """A member of staff who can reach the admin: MFA set up, admin in English."""
    user = VerifiedUserFactory(groups=list(groups), **fields)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def learner_with(course, lessons, *, done: int, **fields):
    user = VerifiedUserFactory(groups=[Role.LEARNERS], **fields)
    enrolment_create(user=user, course=course)
    for lesson in lessons[:done]:
        lesson_mark_complete(user=user, lesson=lesson)
    return user


@pytest.fixture
def classroom(course_with_lessons):
    """A course of 4 lessons with three learners: 0, 2 and 4 lessons done."""
    course, lessons = course_with_lessons
    return {
        "course": course,
        "lessons": lessons,
        "ana": learner_with(course, lessons, done=0, full_name="Ana Ak", country=Country.GUATEMALA),
        "ben": learner_with(course, lessons, done=2, full_name="Ben Bo", country=Country.HONDURAS),
        "cruz": learner_with(
            course, lessons, done=4, full_name="Cruz Ch", country=Country.GUATEMALA
        ),
    }


def learners_url(course, suffix: str = "") -> str:
    return f"/admin/learners/{course.translation_key}/{suffix}"


def final_status(client, url: str) -> int:
    """Status after redirects: Django's LocaleMiddleware answers an admin 404 with a redirect to
    the language-prefixed path (Wagtail's page catch-all matches it), which 404s in turn."""
    return client.get(url, follow=True).status_code


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


# --- Figures ---------------------------------------------------------------------------------


def test_progress_figures_come_from_the_completions(classroom):
    rows = course_learners(user=staff(Role.SECRETARIAT), course=classroom["course"])
    figures = [(r.full_name, r.lessons_done, r.lessons_required, r.percent) for r in rows]
    assert figures == [("Ana Ak", 0, 4, 0), ("Ben Bo", 2, 4, 50), ("Cruz Ch", 4, 4, 100)]
    assert [r.completed_at is not None for r in rows] == [False, False, True]
    assert CourseCompletion.objects.count() == 1


def test_rows_carry_the_learner_profile_and_cohort(classroom):
    course = classroom["course"]
    cohort = Cohort.objects.create(
        name="Cohorte norte", course_key=course.translation_key, starts_on=timezone.localdate()
    )
    enrolment_create(user=classroom["ben"], course=course, cohort=cohort)
    rows = course_learners(user=staff(Role.SECRETARIAT), course=course)
    ben = next(r for r in rows if r.full_name == "Ben Bo")
    assert (ben.email, ben.country, ben.institution, ben.cohort_name) == (
        classroom["ben"].email,
        "HN",
        "Municipalidad de prueba",
        "Cohorte norte",
    )
    assert ben.enrolled_at is not None


def test_learners_who_left_are_not_listed(classroom):
    enrolment_leave(user=classroom["ben"], course=classroom["course"])
    rows = course_learners(user=staff(Role.SECRETARIAT), course=classroom["course"])
    assert [r.full_name for r in rows] == ["Ana Ak", "Cruz Ch"]


def test_lessons_done_count_only_required_lessons(classroom):
    lessons = classroom["lessons"]
    lessons[0].is_required = False
    lessons[0].save_revision().publish()
    rows = course_learners(user=staff(Role.SECRETARIAT), course=classroom["course"])
    assert [(r.lessons_done, r.lessons_required) for r in rows] == [(0, 3), (1, 3), (3, 3)]


def test_course_list_counts_enrolled_and_completed_learners(classroom):
    summaries = trainer_course_summaries(user=staff(Role.SECRETARIAT))
    assert [(s.course, s.enrolled, s.completed) for s in summaries] == [(classroom["course"], 3, 1)]


def test_course_list_page_shows_the_counts(client, classroom):
    client.force_login(staff(Role.SECRETARIAT))
    response = client.get("/admin/learners/")
    assert response.status_code == 200
    assert [(s.enrolled, s.completed) for s in response.context["summaries"]] == [(3, 1)]
    assert classroom["course"].title in response.content.decode()


# --- Filters ---------------------------------------------------------------------------------


def test_inactive_filter_keeps_learners_without_recent_activity(client, classroom):
    now = timezone.now()
    course_key = classroom["course"].translation_key
    Enrolment.objects.filter(course_key=course_key, user=classroom["ana"]).update(
        last_activity_at=now - timedelta(days=20)
    )
    Enrolment.objects.filter(course_key=course_key, user=classroom["ben"]).update(
        last_activity_at=now - timedelta(days=2)
    )
    # Never active, but enrolled long ago: inactive too.
    Enrolment.objects.filter(course_key=course_key, user=classroom["cruz"]).update(
        last_activity_at=None, enrolled_at=now - timedelta(days=40)
    )
    client.force_login(staff(Role.SECRETARIAT))
    fourteen = client.get(learners_url(classroom["course"]), {"inactive": "14"})
    thirty = client.get(learners_url(classroom["course"]), {"inactive": "30"})
    assert [r.full_name for r in fourteen.context["rows"]] == ["Ana Ak", "Cruz Ch"]
    assert [r.full_name for r in thirty.context["rows"]] == ["Cruz Ch"]


def test_cohort_filter_keeps_the_cohort_members(client, classroom):
    course = classroom["course"]
    cohort = Cohort.objects.create(
        name="Cohorte sur", course_key=course.translation_key, starts_on=timezone.localdate()
    )
    enrolment_create(user=classroom["ana"], course=course, cohort=cohort)
    client.force_login(staff(Role.SECRETARIAT))
    response = client.get(learners_url(course), {"cohort": cohort.pk})
    assert [r.full_name for r in response.context["rows"]] == ["Ana Ak"]


def test_secretariat_filters_by_country(client, classroom):
    client.force_login(staff(Role.SECRETARIAT))
    response = client.get(learners_url(classroom["course"]), {"country": "HN"})
    assert [r.full_name for r in response.context["rows"]] == ["Ben Bo"]


def test_country_filter_is_offered_to_the_secretariat_only(client, classroom):
    client.force_login(staff(focal_point_group_name("GT")))
    response = client.get(learners_url(classroom["course"]), {"country": "HN"})
    assert "country" not in response.context["form"].fields
    assert [r.full_name for r in response.context["rows"]] == ["Ana Ak", "Cruz Ch"]


def test_invalid_filters_are_ignored(client, classroom):
    client.force_login(staff(Role.SECRETARIAT))
    response = client.get(learners_url(classroom["course"]), {"inactive": "5", "cohort": "x"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3


# --- Table and CSV ---------------------------------------------------------------------------


def test_table_is_accessible(client, classroom):
    client.force_login(staff(Role.SECRETARIAT))
    html = client.get(learners_url(classroom["course"])).content.decode()
    assert "<caption>" in html
    assert '<th scope="col">' in html
    assert '<th scope="row">Ben Bo</th>' in html
    assert "50 %" in html


def test_csv_exports_the_filtered_rows(client, classroom):
    client.force_login(staff(Role.SECRETARIAT))
    page = client.get(learners_url(classroom["course"]), {"country": "GT"})
    assert page.context["csv_url"] == learners_url(classroom["course"], "csv/?country=GT")
    response = client.get(page.context["csv_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{classroom["course"].slug}-learners-{today}.csv"'
    )
    header, *rows = read_csv(response)
    assert header == CSV_HEADER
    assert [(r[0], r[2], r[7], r[8], r[9]) for r in rows] == [
        ("Ana Ak", "Guatemala", "0", "4", "0"),
        ("Cruz Ch", "Guatemala", "4", "4", "100"),
    ]
    assert rows[0][10] == ""
    assert rows[1][10].startswith(str(timezone.localdate().year))


def test_csv_neutralises_spreadsheet_formulas(client, course_with_lessons):
    course, lessons = course_with_lessons
    learner_with(
        course,
        lessons,
        done=0,
        full_name='=HYPERLINK("https://evil.example","click")',
        institution="+SUM(A1:A9)",
    )
    learner_with(course, lessons, done=0, full_name="Plain Name", institution="-1")
    client.force_login(staff(Role.SECRETARIAT))
    _header, *rows = read_csv(client.get(learners_url(course, "csv/")))
    assert [(r[0], r[3]) for r in rows] == [
        ('\'=HYPERLINK("https://evil.example","click")', "'+SUM(A1:A9)"),
        ("Plain Name", "'-1"),
    ]


# --- Who sees whom ---------------------------------------------------------------------------


def test_course_trainer_sees_every_learner_of_the_course(client, classroom):
    trainer = staff(Role.TRAINERS)
    classroom["course"].trainers.add(trainer)
    classroom["course"].save()
    client.force_login(trainer)
    assert [c.pk for c in trainer_courses(user=trainer)] == [classroom["course"].pk]
    response = client.get(learners_url(classroom["course"]))
    assert len(response.context["rows"]) == 3


def test_trainer_of_another_course_gets_404(client, catalogue, classroom):
    other, _lessons = build_course(index=catalogue, modules=1, lessons_per_module=1)
    trainer = staff(Role.TRAINERS)
    other.trainers.add(trainer)
    other.save()
    client.force_login(trainer)
    assert final_status(client, learners_url(classroom["course"])) == 404
    assert final_status(client, learners_url(classroom["course"], "csv/")) == 404
    assert client.get(learners_url(other)).status_code == 200
    summaries = client.get("/admin/learners/").context["summaries"]
    assert [s.course.pk for s in summaries] == [other.pk]


def test_unknown_course_gets_404(client, classroom):
    client.force_login(staff(Role.SECRETARIAT))
    assert final_status(client, f"/admin/learners/{uuid4()}/") == 404


def test_cohort_trainer_sees_only_the_cohort(client, classroom):
    course = classroom["course"]
    cohort = Cohort.objects.create(
        name="Cohorte este", course_key=course.translation_key, starts_on=timezone.localdate()
    )
    enrolment_create(user=classroom["ben"], course=course, cohort=cohort)
    trainer = staff(Role.TRAINERS)
    cohort.trainers.add(trainer)
    client.force_login(trainer)
    response = client.get(learners_url(course))
    assert [r.full_name for r in response.context["rows"]] == ["Ben Bo"]
    assert [(s.enrolled, s.completed) for s in trainer_course_summaries(user=trainer)] == [(1, 0)]


def test_focal_point_sees_only_learners_of_their_country(client, classroom):
    focal_point = staff(focal_point_group_name("GT"))
    client.force_login(focal_point)
    response = client.get(learners_url(classroom["course"]))
    assert [r.full_name for r in response.context["rows"]] == ["Ana Ak", "Cruz Ch"]
    _header, *rows = read_csv(client.get(learners_url(classroom["course"], "csv/")))
    assert [r[0] for r in rows] == ["Ana Ak", "Cruz Ch"]
    assert [(s.enrolled, s.completed) for s in trainer_course_summaries(user=focal_point)] == [
        (2, 1)
    ]


def test_secretariat_sees_every_learner(client, classroom):
    client.force_login(staff(Role.SECRETARIAT))
    response = client.get(learners_url(classroom["course"]))
    assert [r.full_name for r in response.context["rows"]] == ["Ana Ak", "Ben Bo", "Cruz Ch"]


def test_a_learner_cannot_read_another_learners_progress(classroom):
    with pytest.raises(PermissionDenied):
        course_learners(user=classroom["ana"], course=classroom["course"])
    assert trainer_courses(user=classroom["ana"]) == []


def test_a_learner_gets_no_admin(client, classroom):
    client.force_login(classroom["ana"])
    for url in [
        "/admin/learners/",
        learners_url(classroom["course"]),
        learners_url(classroom["course"], "csv/"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/" not in response.url.split("?")[0]


def test_menu_item_is_shown_to_the_roles_that_follow_learners(client, classroom):
    for groups in [[Role.SECRETARIAT], [Role.TRAINERS], [focal_point_group_name("HN")]]:
        client.force_login(staff(*groups))
        assert "/admin/learners/" in client.get("/admin/").content.decode(), groups


# --- Queries ---------------------------------------------------------------------------------

MAX_QUERIES = 22


@pytest.mark.parametrize("role", [Role.SECRETARIAT, focal_point_group_name("GT")])
@pytest.mark.parametrize("learners", [3, 30])
def test_learner_table_and_csv_queries_do_not_grow_with_learners(
    client, course_with_lessons, django_assert_max_num_queries, learners, role
):
    course, lessons = course_with_lessons
    cohort = Cohort.objects.create(
        name="Cohorte", course_key=course.translation_key, starts_on=timezone.localdate()
    )
    for index in range(learners):
        user = learner_with(course, lessons, done=index % 5)
        if index % 2:
            enrolment_create(user=user, course=course, cohort=cohort)
    client.force_login(staff(role))
    cache.clear()  # measure with a cold course outline too
    with django_assert_max_num_queries(MAX_QUERIES):
        page = client.get(learners_url(course), {"inactive": "7", "cohort": cohort.pk})
    with django_assert_max_num_queries(MAX_QUERIES):
        export = client.get(learners_url(course, "csv/"))
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get("/admin/learners/")
    assert page.status_code == 200
    assert len(read_csv(export)) == learners + 1
