import json

import pytest

from accounts.models import User
from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_official_edits_their_profile(client, site_pages):
    user = VerifiedUserFactory()
    client.force_login(user)
    response = client.post(
        "/en/accounts/profile/",
        {
            "full_name": "Rosa Martínez",
            "country": "HN",
            "government_level": "state",
            "institution": "Gobierno departamental",
            "institution_type": "executive",
            "position": "Directora",
            "preferred_language": "fr",
            "gender": "woman",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.country, user.preferred_language, user.gender) == ("HN", "fr", "woman")


def test_bad_profile_input_is_a_400_and_changes_nothing(client, site_pages):
    user = VerifiedUserFactory(country="GT")
    client.force_login(user)
    response = client.post("/en/accounts/profile/", {"full_name": "", "country": "ZZ"})
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.country == "GT"


def test_data_export_holds_only_the_users_own_data(client, site_pages):
    user = VerifiedUserFactory(email="me@example.org", full_name="Me Myself")
    VerifiedUserFactory(email="someone.else@example.org")
    client.force_login(user)
    response = client.get("/es/accounts/profile/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == "me@example.org"
    assert data["account"]["full_name"] == "Me Myself"
    assert "someone.else@example.org" not in response.content.decode()


def test_deletion_request_is_recorded_once_and_can_be_withdrawn(client, site_pages):
    user = VerifiedUserFactory()
    client.force_login(user)
    client.post("/es/accounts/profile/delete/", {"action": "request"})
    first = User.objects.get(pk=user.pk).deletion_requested_at
    assert first is not None
    client.post("/es/accounts/profile/delete/", {"action": "request"})
    assert User.objects.get(pk=user.pk).deletion_requested_at == first
    client.post("/es/accounts/profile/delete/", {"action": "cancel"})
    assert User.objects.get(pk=user.pk).deletion_requested_at is None


def test_profile_needs_sign_in(client, site_pages):
    response = client.get("/es/accounts/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_preferred_language_is_used_after_sign_in(client, site_pages):
    VerifiedUserFactory(email="fr@example.org", preferred_language="fr")
    response = client.post(
        "/es/accounts/login/", {"login": "fr@example.org", "password": "correct-horse-battery-9"}
    )
    assert response.status_code == 302
    assert response.url == "/fr/"
    assert response.cookies["django_language"].value == "fr"


def test_deletion_request_notifies_the_secretariat_once(
    client, site_pages, mailoutbox, django_capture_on_commit_callbacks
):
    user = VerifiedUserFactory(email="leaving@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/es/accounts/profile/delete/", {"action": "request"})
        client.post("/es/accounts/profile/delete/", {"action": "request"})
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["campus@example.org"]
    assert "leaving@example.org" in mailoutbox[0].subject
