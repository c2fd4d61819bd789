import pytest
from allauth.mfa.models import Authenticator
from wagtail.models import Page, WorkflowState

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from tests.factories import VerifiedUserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


def staff(group: str):
    user = VerifiedUserFactory(groups=[group])
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


@pytest.fixture
def trainer():
    return staff("Trainers")


@pytest.fixture
def secretariat():
    return staff("Secretariat")


def test_page_tree_rules():
    assert CourseIndexPage.allowed_subpage_models() == [CoursePage]
    assert CoursePage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_subpage_models() == [LessonPage]
    assert LessonPage.allowed_subpage_models() == []
    assert CoursePage.allowed_parent_page_models() == [CourseIndexPage]
    assert not LessonPage.can_exist_under(Page.get_first_root_node())


def test_trainer_edits_only_the_courses_they_teach(catalogue, trainer):
    mine, my_lessons = build_course(index=catalogue)
    mine.trainers.add(trainer)
    mine.save_revision().publish()
    other, other_lessons = build_course(index=catalogue)

    assert mine.permissions_for_user(trainer).can_edit()
    assert my_lessons[0].permissions_for_user(trainer).can_edit()
    assert mine.permissions_for_user(trainer).can_add_subpage()
    assert not other.permissions_for_user(trainer).can_edit()
    assert not other_lessons[0].permissions_for_user(trainer).can_edit()
    assert not other.permissions_for_user(trainer).can_add_subpage()
    assert catalogue.permissions_for_user(trainer).can_add_subpage()


def test_trainer_cannot_publish_the_secretariat_can(catalogue, trainer, secretariat):
    course, lessons = build_course(index=catalogue)
    course.trainers.add(trainer)
    course.save_revision().publish()
    assert not lessons[0].permissions_for_user(trainer).can_publish()
    assert lessons[0].permissions_for_user(secretariat).can_publish()
    assert lessons[0].permissions_for_user(secretariat).can_edit()


def test_trainer_admin_edit_view_is_refused_for_another_course(client, catalogue, trainer):
    other, other_lessons = build_course(index=catalogue)
    client.force_login(trainer)
    response = client.get(f"/admin/pages/{other_lessons[0].pk}/edit/")
    assert response.status_code in {302, 403}
    mine, my_lessons = build_course(index=catalogue)
    mine.trainers.add(trainer)
    mine.save_revision().publish()
    assert client.get(f"/admin/pages/{my_lessons[0].pk}/edit/").status_code == 200


def test_lesson_goes_live_only_after_secretariat_approval(client, catalogue, trainer, secretariat):
    course, lessons = build_course(index=catalogue)
    course.trainers.add(trainer)
    course.save_revision().publish()
    lesson = lessons[0]

    client.force_login(trainer)
    edit_url = f"/admin/pages/{lesson.pk}/edit/"
    form = client.get(edit_url).context["form"]
    data = {**form.initial, "title": "Lección revisada", "slug": lesson.slug}
    data = {k: v for k, v in data.items() if v is not None and not hasattr(v, "stream_data")}
    data.update({"body-count": "0", "action-submit": "Submit"})
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    lesson.refresh_from_db()
    assert lesson.title != "Lección revisada"
    state = WorkflowState.objects.get(object_id=str(lesson.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(secretariat)
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{lesson.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in {200, 302}, response.content.decode()[:3000]
    lesson.refresh_from_db()
    assert lesson.title == "Lección revisada"
    assert lesson.live
