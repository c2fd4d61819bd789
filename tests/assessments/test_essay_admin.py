import pytest
from allauth.mfa.models import Authenticator

from assessments import services
from assessments.models import Attempt
from tests.factories import VerifiedUserFactory
from tests.factories import assessments as bank

pytestmark = pytest.mark.django_db


def staff(group):
    user = VerifiedUserFactory(groups=[group])
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


def test_secretariat_grades_an_essay_and_a_learner_cannot(client, site_pages):
    cat = bank.category()
    essay = bank.essay(cat)
    quiz = bank.quiz(questions=[essay], pass_mark=50)
    learner = VerifiedUserFactory()
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_submit(attempt=attempt, answers={essay.qid: {"text": "<b>Mi respuesta</b>"}})

    client.force_login(learner)
    assert client.get(f"/admin/essays/{attempt.pk}/").status_code == 302

    client.force_login(staff("Secretariat"))
    assert client.get("/admin/essays/").status_code == 200
    page = client.get(f"/admin/essays/{attempt.pk}/").content.decode()
    assert "&lt;b&gt;Mi respuesta&lt;/b&gt;" in page
    response = client.post(
        f"/admin/essays/{attempt.pk}/", {"qid": essay.qid, "percent": "80", "comment": "Bien"}
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED
    assert float(attempt.percent) == 80
    assert attempt.passed


def test_trainer_of_nothing_gets_404_on_an_attempt(client, site_pages):
    cat = bank.category()
    essay = bank.essay(cat)
    quiz = bank.quiz(questions=[essay])
    attempt = services.attempt_start(quiz=quiz, user=VerifiedUserFactory())
    services.attempt_submit(attempt=attempt, answers={essay.qid: {"text": "x"}})
    client.force_login(staff("Trainers"))
    response = client.get(f"/admin/essays/{attempt.pk}/", follow=True)
    assert response.status_code == 404
