import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import translation

from accounts.models import User
from accounts.roles import Role

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-42"


def signup_data(**overrides):
    data = {
        "email": "nueva.funcionaria@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "full_name": "Rosa Elena Martínez",
        "country": "SV",
        "government_level": "municipal",
        "institution": "Alcaldía de prueba",
        "institution_type": "executive",
        "position": "Técnica municipal",
        "preferred_language": "es",
        "gender": "",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


def confirmation_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\w\w/accounts/confirm-email/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.parametrize("language", ["es", "en", "fr"])
def test_signup_verification_and_login_in_each_language(client, site_pages, language):
    response = client.post(
        f"/{language}/accounts/signup/",
        signup_data(preferred_language=language, email=f"official.{language}@example.org"),
    )
    assert response.status_code == 302

    user = User.objects.get(email=f"official.{language}@example.org")
    assert user.full_name == "Rosa Elena Martínez"
    assert user.country == "SV"
    assert user.privacy_consent_at is not None
    assert user.privacy_notice_version
    assert list(user.groups.values_list("name", flat=True)) == [Role.LEARNERS]

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    with translation.override(language):
        expected_subject = translation.gettext("Please Confirm Your Email Address")
    assert expected_subject in message.subject
    path = confirmation_path(message)
    assert path.startswith(f"/{language}/")

    # Confirming takes a POST: a link scanner's GET must not verify the address.
    assert client.get(path).status_code == 200
    assert not EmailAddress.objects.get(user=user).verified
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post(
        f"/{language}/accounts/login/", {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url.startswith(f"/{language}/")
    assert client.get(f"/{language}/accounts/profile/").status_code == 200


def test_unverified_user_cannot_sign_in(client, site_pages):
    client.post("/es/accounts/signup/", signup_data())
    client.logout()
    response = client.post(
        "/es/accounts/login/", {"login": "nueva.funcionaria@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "confirm-email" in response.url
    assert "_auth_user_id" not in client.session
    assert client.get("/es/accounts/profile/").status_code == 302


def required_message(language: str) -> str:
    with translation.override(language):
        return translation.gettext("This field is required.")


def test_signup_without_consent_is_refused_with_a_spanish_message(client, site_pages):
    response = client.post("/es/accounts/signup/", signup_data(privacy_consent=""))
    assert response.status_code == 200
    assert required_message("es") in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize("language", ["es", "en", "fr"])
def test_validation_errors_are_in_the_page_language(client, site_pages, language):
    response = client.post(f"/{language}/accounts/signup/", signup_data(full_name=""))
    html = response.content.decode()
    assert required_message(language) in html
    assert ("This field is required." in html) == (language == "en")
    assert 'aria-invalid="true"' in html


def test_signup_form_explains_why_gender_is_asked(client, site_pages):
    html = client.get("/en/accounts/signup/").content.decode()
    assert "disaggregated by gender" in html
    html = client.get("/fr/accounts/signup/").content.decode()
    assert "ventilés par genre" in html


def test_signup_with_a_country_outside_the_list_is_rejected(client, site_pages):
    response = client.post("/en/accounts/signup/", signup_data(country="ZZ"))
    assert response.status_code == 200
    assert not User.objects.exists()


def test_existing_email_does_not_reveal_the_account(client, site_pages):
    from tests.factories import VerifiedUserFactory

    VerifiedUserFactory(email="taken@example.org")
    response = client.post("/en/accounts/signup/", signup_data(email="TAKEN@example.org"))
    # Same answer as a fresh sign-up: the owner gets an email instead.
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to[0].lower() == "taken@example.org"
