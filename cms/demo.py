"""Demo site: the home page, About and Privacy in es/en/fr, footer and site settings."""

from django.conf import settings
from wagtail.models import Locale, Page, Site

from .demo_content import ABOUT, FOOTER, HOME, PRIVACY, THEMES
from .models import FooterLink, FooterText, HomePage, SiteSettings, StandardPage

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _translation(page: Page, language: str) -> Page:
    locale = Locale.objects.get(language_code=language)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    return page.copy_for_translation(locale).specific


def _home_in_default_language() -> HomePage:
    default = Locale.get_default()
    home = HomePage.objects.filter(locale=default).first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    texts = HOME[default.language_code]
    home = root.add_child(
        instance=HomePage(
            title=texts["title"],
            slug=texts["slug"],
            hero_title=texts["hero_title"],
            hero_text=texts["hero_text"],
            themes_heading=texts["themes_heading"],
            locale=default,
        )
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, is_default_site=True, root_page=home
        )
    old_root = site.root_page
    site.root_page = home
    site.site_name = "Campus"
    site.save()
    # Wagtail's "Welcome to your new Wagtail site!" page has nothing to say here.
    if old_root.pk != home.pk and old_root.specific_class != HomePage:
        old_root.delete()
    return home


def _fill_home(page: HomePage, language: str, cta_page: Page) -> None:
    texts = HOME[language]
    for field in (
        "title",
        "slug",
        "hero_title",
        "hero_text",
        "themes_heading",
        "practices_heading",
        "practices_intro",
        "cta_title",
        "cta_text",
        "cta_label",
    ):
        setattr(page, field, texts[field])
    page.themes = [
        ("theme", {"title": theme[language][0], "summary": theme[language][1], "link": None})
        for theme in THEMES
    ]
    page.cta_page = cta_page
    _publish(page)


def _fill_standard(page: StandardPage, texts: dict) -> None:
    page.title = texts["title"]
    page.slug = texts["slug"]
    page.introduction = texts["introduction"]
    body = []
    for kind, value in texts["body"]:
        if kind == "heading":
            body.append(("heading", {"text": value, "level": "h2"}))
        elif kind == "rich_text":
            body.append(("rich_text", value))
        elif kind == "callout":
            body.append(("callout", {"kind": "note", "title": "", "text": f"<p>{value}</p>"}))
    page.body = body
    _publish(page)


def _standard_page(home: HomePage, content: dict) -> StandardPage:
    default_language = home.locale.language_code
    texts = content[default_language]
    page = StandardPage.objects.child_of(home).filter(slug=texts["slug"]).first()
    if page is None:
        page = home.add_child(instance=StandardPage(title=texts["title"], slug=texts["slug"]))
    _fill_standard(page, texts)
    for language in LANGUAGES:
        if language != default_language:
            _fill_standard(_translation(page, language), content[language])
    return page


def load(*, password: str, stdout) -> None:
    home = _home_in_default_language()
    homes = {
        language: home if language == home.locale.language_code else _translation(home, language)
        for language in LANGUAGES
    }
    about = _standard_page(home, ABOUT)
    privacy = _standard_page(home, PRIVACY)
    for language, page in homes.items():
        # Adding children changed the tree fields (numchild) behind these instances.
        page.refresh_from_db()
        _fill_home(page, language, cta_page=about)

    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    site_settings.organisation_name = "Conferencia Regional sobre Migración (CRM)"
    site_settings.contact_email = "campus@example.org"
    site_settings.privacy_page = privacy
    site_settings.save()
    FooterLink.objects.filter(settings=site_settings).delete()
    for order, page in enumerate([about, privacy]):
        FooterLink.objects.create(settings=site_settings, page=page, sort_order=order)

    source = None
    for language in LANGUAGES:
        locale = Locale.objects.get(language_code=language)
        footer = (
            FooterText.objects.filter(locale=locale).first()
            if source is None
            else FooterText.objects.filter(
                locale=locale, translation_key=source.translation_key
            ).first()
            or FooterText.objects.filter(locale=locale).first()
        )
        if footer is None:
            footer = FooterText(locale=locale)
            if source is not None:
                footer.translation_key = source.translation_key
        footer.body = FOOTER[language]
        footer.save()
        source = source or footer
    stdout.write(f"Site pages ready in {', '.join(LANGUAGES)}.")
