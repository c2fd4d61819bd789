from django.core.cache import cache
from django.utils import timezone

WORKER_HEARTBEAT_KEY = "campus:worker-heartbeat"


def worker_heartbeat_record(*, token: str = "") -> dict:
    """Record that a Celery worker ran a task just now (beat sends one a minute).

    The deploy health check of the worker and the broker test read it back."""
    beat = {"at": timezone.now().isoformat(), "token": token}
    cache.set(WORKER_HEARTBEAT_KEY, beat, timeout=None)
    return beat
