from django.core.cache import cache

from .services import WORKER_HEARTBEAT_KEY


def worker_last_heartbeat() -> dict | None:
    """The last heartbeat a worker recorded: `{"at": ISO time, "token": str}`, or None."""
    return cache.get(WORKER_HEARTBEAT_KEY)
