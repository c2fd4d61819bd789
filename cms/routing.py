"""Cached page routing: path → (content type, page id), per content generation."""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from wagtail.url_routing import RouteResult

from .cache import content_generation

ROUTE_CACHE_SECONDS = 60 * 60


def cached_route(root, request, path_components, *, fallback):
    if not path_components:
        return fallback(request, path_components)
    path = "/".join(path_components)
    key = f"route:{root.pk}:{content_generation()}:{path}"
    hit = cache.get(key)
    if hit is not None:
        content_type_id, page_id = hit
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id, live=True).first() if model else None
        if page is not None:
            return RouteResult(page)
    result = fallback(request, path_components)
    page, args, kwargs = result
    # Only plain routes: a page that routes its own sub-paths is resolved every time.
    if not args and not kwargs and page.url_path == f"{root.url_path}{path}/":
        cache.set(key, (page.content_type_id, page.pk), ROUTE_CACHE_SECONDS)
    return result
