import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command

from cms.models import FooterText, HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_root_redirects_by_browser_language(client, site_pages):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response.url == "/fr/"


def test_root_defaults_to_spanish(client, site_pages):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.url == "/es/"


@pytest.mark.parametrize(
    ("url", "title"),
    [("/es/", "Campus: formación"), ("/en/", "Campus: training"), ("/fr/", "Campus : se former")],
)
def test_home_page_in_each_language(client, site_pages, url, title):
    html = client.get(url).content.decode()
    assert title in html
    assert html.count('class="card"') == 5


def test_language_switch_keeps_the_page(client, site_pages):
    html = client.get("/es/acerca/").content.decode()
    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    assert 'href="/en/about/"' in switcher
    assert 'href="/fr/a-propos/"' in switcher
    assert 'href="/es/acerca/" aria-current="true"' in switcher
    assert client.get("/fr/a-propos/").status_code == 200


def test_language_switch_keeps_a_view_that_is_not_a_page(client, site_pages):
    html = client.get("/en/accounts/login/").content.decode()
    assert 'href="/fr/accounts/login/"' in html
    assert 'href="/es/accounts/login/"' in html


def test_language_switch_falls_back_to_the_home_page_without_a_translation(client, site_pages):
    only_spanish = site_pages["es"].add_child(
        instance=StandardPage(title="Solo en español", slug="solo-es")
    )
    only_spanish.save_revision().publish()
    html = client.get("/es/solo-es/").content.decode()
    assert 'href="/en/" hreflang="en"' in html


def test_page_tree_rules():
    assert HomePage.can_exist_under(apps.get_model("wagtailcore", "Page").get_first_root_node())
    assert not StandardPage.can_create_at(
        apps.get_model("wagtailcore", "Page").get_first_root_node()
    )
    assert HomePage not in StandardPage.allowed_subpage_models()


def test_footer_uses_the_page_language(client, site_pages):
    assert "Contenido de demostración" in client.get("/es/").content.decode()
    assert "Contenu de démonstration" in client.get("/fr/").content.decode()
    assert FooterText.objects.count() == 3


def test_privacy_notice_link_goes_to_the_page_in_the_current_language(client, site_pages):
    response = client.get("/fr/privacy-notice/")
    assert response.status_code == 302
    assert response.url == "/fr/confidentialite/"


def test_not_found_page_is_friendly_and_translated(client, site_pages):
    response = client.get("/fr/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert 'class="skip-link"' in html


def test_home_page_has_landmarks_and_no_external_assets(client, site_pages):
    html = client.get("/es/").content.decode()
    for landmark in ("<header", "<main", "<footer", "<nav"):
        assert landmark in html
    assert 'href="#main"' in html
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []


def test_home_page_weight_is_under_budget(client, site_pages):
    """HTML + CSS + JS of the home page transfer under 100 KB (images aside)."""
    from django.contrib.staticfiles import finders

    html = client.get("/es/").content
    total = len(html)
    for asset in re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        path = finders.find(asset.decode())
        assert path, asset
        with open(path, "rb") as fh:
            total += len(fh.read())
    assert total < 100_000


def test_load_demo_twice_leaves_the_same_counts(db):
    from django.contrib.auth.models import Group
    from wagtail.models import Page, Revision

    from accounts.models import User

    def counts():
        return {
            "pages": Page.objects.count(),
            "users": User.objects.count(),
            "groups": Group.objects.count(),
            "footer": FooterText.objects.count(),
        }

    call_command("load_demo", password="demo-pass-1", stdout=io.StringIO())
    first = counts()
    assert Revision.objects.exists()
    call_command("load_demo", password="demo-pass-1", stdout=io.StringIO())
    assert counts() == first
    assert first["users"] == 4
    assert User.objects.get(email="learner@example.org").check_password("demo-pass-1")


def test_load_demo_prints_a_random_password_when_none_is_given(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    from accounts.models import User

    printed = re.search(r"learner@example.org\s+(\S+)", out.getvalue()).group(1)
    assert User.objects.get(email="learner@example.org").check_password(printed)


def test_load_demo_is_refused_under_production_settings(settings, db):
    from django.core.management.base import CommandError

    settings.DEMO_CONTENT_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
