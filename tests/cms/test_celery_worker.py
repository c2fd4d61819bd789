"""A real Celery worker process runs a task that the test sends through Redis."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from cms import celery_app
from cms.selectors import worker_last_heartbeat
from cms.tasks import worker_heartbeat_record_task

ROOT = Path(__file__).resolve().parent.parent.parent


def redis_answers() -> bool:
    if not settings.REDIS_URL:
        return False
    import redis

    try:
        return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not redis_answers(), reason="REDIS_URL is not set or Redis does not answer"),
]


@pytest.fixture
def worker():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    env["CELERY_TASK_ALWAYS_EAGER"] = "false"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cms",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def not_eager():
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


def test_a_task_runs_end_to_end_in_a_worker_through_redis(worker, not_eager):
    token = uuid.uuid4().hex
    worker_heartbeat_record_task.delay(token=token)

    deadline = time.monotonic() + 60
    beat = None
    while time.monotonic() < deadline:
        beat = worker_last_heartbeat()
        if beat and beat["token"] == token:
            break
        assert worker.poll() is None, worker.stdout.read()
        time.sleep(0.25)
    assert beat and beat["token"] == token, "the worker never ran the task"
