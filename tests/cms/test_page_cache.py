import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_page_is_served_from_the_cache(client, site_pages):
    first = client.get("/es/acerca/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/es/acerca/")
    assert second.status_code == 200
    assert second.content == first.content
    assert len(queries) == 0


def test_publishing_shows_the_change_at_once(client, site_pages):
    from cms.models import StandardPage

    client.get("/es/acerca/")
    page = StandardPage.objects.get(slug="acerca")
    page.title = "Acerca del Campus (nuevo)"
    page.save_revision().publish()
    assert "Acerca del Campus (nuevo)" in client.get("/es/acerca/").content.decode()


def test_signed_in_pages_are_never_cached(client, site_pages):
    user = VerifiedUserFactory(full_name="Persona Única")
    client.force_login(user)
    client.get("/es/acerca/")
    client.logout()
    html = client.get("/es/acerca/").content.decode()
    assert "Mi cuenta" not in html and "My account" not in html


def test_pages_with_a_csrf_token_are_not_cached(client, site_pages):
    client.get("/es/accounts/login/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/es/accounts/login/")
    assert len(queries) > 0
