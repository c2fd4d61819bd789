from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from cms.cache import content_generation
from cms.i18n import page_translation_urls, url_in_language
from cms.models import FooterText, SiteSettings

register = template.Library()


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in each language: the page's own translation for Wagtail pages."""
    request = context["request"]
    page = context.get("page")
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    if page is not None and getattr(page, "pk", None):
        key = f"switcher:{page.pk}:{request.get_host()}:{content_generation()}"
        urls = cache.get(key)
        if urls is None:
            urls = page_translation_urls(page, request=request)
            cache.set(key, urls, 3600)
    else:
        urls = {}
    languages = []
    for code, _name in settings.LANGUAGES:
        url = urls.get(code) or url_in_language(request, request.get_full_path(), language=code)
        info = get_language_info(code)
        languages.append(
            {"code": code, "name": info["name_local"], "url": url, "current": code == current}
        )
    return {"languages": languages}


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer, rendered once per site, language and content generation."""
    request = context["request"]
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    key = f"footer:{request.get_host()}:{language}:{content_generation()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "components/footer.html", _footer_context(request, language), request=request
        )
        cache.set(key, str(html), 3600)
    return mark_safe(html)  # noqa: S308 - our own template's output


def _footer_context(request, language: str) -> dict:
    site_settings = SiteSettings.for_request(request)
    footer_text = (
        FooterText.objects.filter(locale__language_code=language).first()
        or FooterText.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    )
    links = []
    for link in site_settings.footer_links.select_related("page"):
        page = link.page.localized
        if page.live:
            links.append({"title": page.title, "url": page.get_url(request=request)})
    return {"settings": site_settings, "footer_text": footer_text, "links": links}
