from django import template
from django.core.cache import cache
from django.utils.translation import get_language

from cms.cache import content_generation
from courses.models import CourseIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def catalogue_url(context) -> str:
    """URL of the course catalogue in the current language ("" when there is none)."""
    language = get_language()
    key = f"courses:catalogue-url:{language}:{content_generation()}"
    url = cache.get(key)
    if url is None:
        index = CourseIndexPage.objects.live().filter(locale__language_code=language).first()
        url = (index.get_url(request=context.get("request")) if index else "") or ""
        cache.set(key, url, 3600)
    return url


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
