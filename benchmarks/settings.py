"""Settings for benchmarks/pages.py only: the production settings, fed a fixed loopback
environment by the script before Django starts (a throwaway database and var dir, plain HTTP on
127.0.0.1), plus what a benchmark needs and production refuses: demo content, cookies over plain
HTTP and a bare view behind the same middleware (benchmarks/urls.py)."""

from cms.settings.production import *  # noqa: F403

DEMO_CONTENT_ALLOWED = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

ROOT_URLCONF = "benchmarks.urls"
WSGI_APPLICATION = "benchmarks.wsgi.application"
