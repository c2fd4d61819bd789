"""A site-wide content generation number. Anything cached from published pages (course
outlines, rendered pages) includes it in its key; publishing, unpublishing, moving or deleting
any page bumps it, so nothing stale is served after an edit."""

from django.core.cache import cache

GENERATION_KEY = "campus:content-generation"


def content_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def content_generation_bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
