import logging

from django.conf import settings
from django.core.cache import cache

from .cache import content_generation

PAGE_CACHE_SECONDS = 300
logger = logging.getLogger(__name__)


class AnonymousPageCacheMiddleware:
    """Serve published pages to anonymous visitors from the cache.

    Only Wagtail pages, only for requests without a session or pending messages (so never a
    signed-in user, and nothing personal), only 200 responses that set no cookie (a page with a
    CSRF token sets one, so it is never cached). Publishing anything bumps the content
    generation, which is part of the key: edits show at once."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.language_prefixes = {f"/{code}/" for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        if not self._cacheable_request(request):
            return self.get_response(request)
        try:
            key = f"pagecache:{content_generation()}:{request.get_host()}:{request.get_full_path()}"
            response = cache.get(key)
        except Exception:  # noqa: BLE001 - a cache outage must not take pages down
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        if response is not None:
            return response
        response = self.get_response(request)
        if self._cacheable_response(request, response):
            try:
                cache.set(key, response, PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                logger.warning("page cache unavailable", exc_info=True)
        return response

    def _cacheable_request(self, request) -> bool:
        return (
            request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and request.path[:4] in self.language_prefixes
        )

    @staticmethod
    def _cacheable_response(request, response) -> bool:
        return (
            response.status_code == 200
            and getattr(request, "_wagtail_route_for_request", None) is not None
            and not response.cookies
            and not getattr(response, "streaming", False)
            and "private" not in response.get("Cache-Control", "")
            and not request.user.is_authenticated
        )


class SiteLookupCacheMiddleware:
    """Find the Wagtail Site of a request from the cache (one per host and content generation)
    instead of querying for it on every request."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.language_prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)

    def __call__(self, request):
        from wagtail.models import Site

        if not request.path.startswith(self.language_prefixes):
            return self.get_response(request)  # the admin and APIs find it when they need it
        try:
            key = f"site-for:{request.get_host()}:{content_generation()}"
            site = cache.get(key)
            if site is None:
                site = Site._find_for_request(request)
                if site is not None:
                    cache.set(key, site, 3600)
        except Exception:  # noqa: BLE001 - no cache or no host: Wagtail finds the site itself
            return self.get_response(request)
        if site is not None:
            request._wagtail_site = site
        return self.get_response(request)
