import pytest

from courses.models import CoursePage
from tests.factories.courses import ThemeFactory, build_course, translate_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(catalogue):
    gender = ThemeFactory(key="gender", name="Género")
    policy = ThemeFactory(key="public-policy", name="Política pública")
    short, _ = build_course(
        index=catalogue,
        title="Atención a mujeres migrantes",
        summary="Rutas de derivación seguras.",
        estimated_hours=3,
        level=CoursePage.Level.INTRODUCTORY,
    )
    short.themes.add(gender)
    short.save_revision().publish()
    long, _ = build_course(
        index=catalogue,
        title="Planificación municipal",
        summary="Diagnóstico y presupuesto para la movilidad humana.",
        estimated_hours=12,
        level=CoursePage.Level.ADVANCED,
    )
    long.themes.add(policy)
    long.save_revision().publish()
    translate_tree(long, "en")
    return {"short": short, "long": long}


def titles(response) -> set[str]:
    return {course.title for course in response.context["catalogue"].page}


def test_catalogue_lists_live_courses(client, catalogue, courses):
    response = client.get(catalogue.url)
    assert titles(response) == {"Atención a mujeres migrantes", "Planificación municipal"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "gender"}, {"Atención a mujeres migrantes"}),
        ({"level": "advanced"}, {"Planificación municipal"}),
        ({"duration": "short"}, {"Atención a mujeres migrantes"}),
        ({"duration": "long"}, {"Planificación municipal"}),
        ({"language": "en"}, {"Planificación municipal"}),
        ({"theme": "gender", "level": "advanced"}, set()),
        ({"q": "presupuesto"}, {"Planificación municipal"}),
        ({"level": "not-a-level"}, {"Atención a mujeres migrantes", "Planificación municipal"}),
    ],
)
def test_catalogue_filters(client, catalogue, courses, params, expected):
    response = client.get(catalogue.url, params)
    assert response.status_code == 200
    assert titles(response) == expected


def test_filters_are_kept_in_the_form_for_sharing(client, catalogue, courses):
    html = client.get(catalogue.url, {"theme": "gender", "q": "mujeres"}).content.decode()
    assert '<option value="gender" selected>' in html
    assert 'value="mujeres"' in html


def test_unpublished_courses_are_not_listed(client, catalogue, courses):
    courses["short"].unpublish()
    assert titles(client.get(catalogue.url)) == {"Planificación municipal"}
