"""Settings for the test suite: the embedded default, made fast and quiet.

`DATABASE_URL`, `REDIS_URL` and `CELERY_BROKER_URL` still come from the environment, so CI can
run the same suite on PostgreSQL and Redis."""

from .base import *  # noqa: F403
from .base import CACHES, REDIS_URL, env

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests decide per test whether tasks go through a real worker (see tests/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = "campus-test"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
