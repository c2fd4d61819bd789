import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from accounts.roles import Role, focal_point_group_name, staff_group_names
from accounts.selectors import user_focal_point_countries, user_reaches_admin
from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_migration_creates_every_role_group():
    names = set(Group.objects.values_list("name", flat=True))
    assert {Role.LEARNERS, Role.TRAINERS, Role.SECRETARIAT} <= names
    for code in ["BZ", "CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"]:
        assert f"Focal points — {code}" in names
    assert not names & {"Editors", "Moderators"}


def test_only_staff_roles_reach_the_admin():
    learner = VerifiedUserFactory(groups=[Role.LEARNERS])
    assert not user_reaches_admin(user=learner)
    for name in staff_group_names():
        staff = VerifiedUserFactory(groups=[name])
        assert user_reaches_admin(user=staff), name


def test_focal_point_country_comes_from_the_group():
    user = VerifiedUserFactory(groups=[focal_point_group_name("GT")])
    assert user_focal_point_countries(user=user) == frozenset({"GT"})


def test_focal_point_group_name_rejects_other_countries():
    with pytest.raises(ValueError):
        focal_point_group_name("XX")


def test_a_learner_gets_no_admin(client, site_pages):
    learner = VerifiedUserFactory(groups=[Role.LEARNERS])
    client.force_login(learner)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/" not in response.url.split("?")[0]
    assert client.get("/admin/pages/").status_code == 302


def test_staff_without_mfa_are_sent_to_set_it_up(client, site_pages):
    trainer = VerifiedUserFactory(groups=[Role.TRAINERS])
    client.force_login(trainer)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.endswith("/accounts/2fa/totp/activate/")


def test_staff_with_mfa_reach_the_admin(client, site_pages):
    trainer = VerifiedUserFactory(groups=[Role.TRAINERS])
    Authenticator.objects.create(
        user=trainer, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(trainer)
    assert client.get("/admin/").status_code == 200


def test_admin_login_goes_through_the_rate_limited_allauth_login(client, site_pages):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    assert "next=/admin/pages/" in response.url


def test_admin_login_is_rate_limited(client, site_pages):
    VerifiedUserFactory(email="staff@example.org", groups=[Role.SECRETARIAT])
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": "staff@example.org", "password": "wrong"})
    # Even the right password is refused once the failures per account are used up.
    response = client.post(
        "/en/accounts/login/?next=/admin/",
        {"login": "staff@example.org", "password": "correct-horse-battery-9"},
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
