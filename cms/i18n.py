"""Links between the language versions of the same page or view."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import translate_url
from wagtail.models import Locale, Page, Site


def page_for_path(request: HttpRequest, path: str) -> Page | None:
    """The Wagtail page served at a language-prefixed `path` on the request's site, if any."""
    components = [c for c in path.split("/") if c]
    if not components or components[0] not in dict(settings.LANGUAGES):
        return None
    site = Site.find_for_request(request)
    locale = Locale.objects.filter(language_code=components[0]).first()
    root = site.root_page.get_translation_or_none(locale) if site and locale else None
    if root is None:
        return None
    try:
        page, _args, _kwargs = root.specific.route(request, components[1:])
    except Http404:
        return None
    return page


def page_translation_urls(page: Page, *, request: HttpRequest | None = None) -> dict[str, str]:
    """Live translations of `page` by language code; a language without one maps to the home
    page in that language."""
    urls = {
        p.locale.language_code: p.get_url(request=request)
        for p in page.get_translations(inclusive=True).live().select_related("locale")
    }
    missing = [code for code, _name in settings.LANGUAGES if not urls.get(code)]
    if missing:
        site = Site.find_for_request(request) if request else page.get_site()
        if site is not None:
            for home in (
                site.root_page.get_translations(inclusive=True)
                .live()
                .filter(locale__language_code__in=missing)
                .select_related("locale")
            ):
                urls[home.locale.language_code] = home.get_url(request=request)
    return {code: url for code, url in urls.items() if url}


def url_in_language(request: HttpRequest, url: str, *, language: str) -> str:
    """The same page or view as `url`, in `language` (for a page: its translation, or the
    home page in that language when it has none)."""
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.get_host():
        return url
    if parts.path in {"", "/"}:
        return f"/{language}/"
    page = page_for_path(request, parts.path)
    if page is not None:
        target = page_translation_urls(page, request=request).get(language)
        if target:
            return target + (f"?{parts.query}" if parts.query else "")
    return translate_url(url, language)
