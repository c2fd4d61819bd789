"""How fast the demo site serves its pages, as a ratio to a bare Django view.

Serves the demo content with gunicorn (2 sync workers, production settings fed a fixed loopback
environment: benchmarks/settings.py) and loads, each for a fixed time and number of connections:
a bare `HttpResponse("ok")` view behind the same middleware, the course catalogue and a course
page as an anonymous visitor, and a lesson page as the signed-in demo learner, who is enrolled in
its course. The pages take turns in short rounds (5 × 2 s each by default), so that a burst of
other work on the machine weighs on all of them alike rather than on one.

Database connections persist (CONN_MAX_AGE 60, as in `.env.example`); the cache is local memory
unless --redis-url is given, the database SQLite unless --database-url is.

Load comes from wrk when it is installed (`make bench-deps`), else from a Python generator (one
process per connection, raw sockets). Client and server share this machine's CPUs, and a
generator that spends more CPU per request lifts every ratio towards 1, so the output names the
one used (on the 2-CPU machine of the README both gave the same ratios). It also shows how much
CPU other processes took during each run: figures taken on a busy machine are noise.

    .venv/bin/python benchmarks/pages.py [--duration 10] [--concurrency 8] [--json PATH]
"""

import argparse
import json
import multiprocessing
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from importlib.metadata import version
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JSON = ROOT / "var" / "bench" / "pages.json"
HOST = "127.0.0.1"
WORKERS = 2
LANGUAGE = "es"
BARE_PATH = "/bench/bare/"
LOGIN_PATH = f"/{LANGUAGE}/accounts/login/"
# Throughput of a page over the bare view's, below which the page is too slow.
TARGETS = {"catalogue": 0.5, "course": 0.5, "lesson": 0.15}
# A run stops at its duration or at this many requests, whichever comes first.
MAX_REQUESTS_PER_RUN = 200_000
REQUEST_TIMEOUT = 10
# Persistent database connections, as in the production sample `.env.example`.
CONN_MAX_AGE = 60
# More failed or non-200 answers than this share make a run worthless: the script stops.
MAX_BAD_SHARE = 0.01
# Other processes using more than this share of the CPUs during a run make it noisy.
NOISY_SHARE = 0.1

WRK_SCRIPT = """
local threads = {}
local limit = tonumber(os.getenv("CAMPUS_BENCH_MAX_REQUESTS"))

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  answered = 0
  not_ok = 0
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 then
    not_ok = not_ok + 1
  end
  if answered >= limit then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local not_ok_total = 0
  for _, thread in ipairs(threads) do
    not_ok_total = not_ok_total + thread:get("not_ok")
  end
  local e = summary.errors
  io.write(string.format(
    "CAMPUS_BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d not_ok=%d errors=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    not_ok_total, e.connect + e.read + e.write + e.timeout
  ))
end
"""


@dataclass
class Target:
    name: str
    who: str
    path: str
    cookie: str = ""


@dataclass
class Run:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    not_ok: int
    errors: int
    # Share of the machine's CPU time that other processes used meanwhile: noise.
    other_cpu: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @classmethod
    def combine(cls, runs: list["Run"]) -> "Run":
        """The rounds of one page as one run. Percentiles are the rounds' percentiles weighted
        by their requests: close to, not exactly, the percentiles of all the requests."""
        requests = sum(run.requests for run in runs)
        seconds = sum(run.seconds for run in runs)
        return cls(
            requests=requests,
            seconds=seconds,
            p50_ms=sum(run.p50_ms * run.requests for run in runs) / max(requests, 1),
            p95_ms=sum(run.p95_ms * run.requests for run in runs) / max(requests, 1),
            not_ok=sum(run.not_ok for run in runs),
            errors=sum(run.errors for run in runs),
            other_cpu=sum(run.other_cpu * run.seconds for run in runs) / max(seconds, 1e-9),
        )


# --- Load generators ----------------------------------------------------------------------


def wrk_version() -> str | None:
    if shutil.which("wrk") is None:
        return None
    # `wrk -v` prints its version and exits with status 1.
    result = subprocess.run(["wrk", "-v"], capture_output=True, text=True, timeout=10)
    first_line = (result.stdout or result.stderr).strip().splitlines()[:1]
    return first_line[0].split(" [")[0] if first_line else "wrk"


def load_wrk(port: int, target: Target, *, duration: float, concurrency: int, script: Path) -> Run:
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(concurrency),
        "--duration",
        f"{max(1, round(duration))}s",
        "--timeout",
        f"{REQUEST_TIMEOUT}s",
        "--script",
        str(script),
    ]
    if target.cookie:
        command += ["--header", f"Cookie: {target.cookie}"]
    command.append(f"http://{HOST}:{port}{target.path}")
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=duration + 60,
        env={**os.environ, "CAMPUS_BENCH_MAX_REQUESTS": str(MAX_REQUESTS_PER_RUN)},
        check=True,
    )
    match = re.search(r"^CAMPUS_BENCH (.*)$", result.stdout, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"Unexpected wrk output:\n{result.stdout}\n{result.stderr}")
    values = {k: int(v) for k, v in (pair.split("=") for pair in match.group(1).split())}
    return Run(
        requests=values["requests"],
        seconds=values["duration_us"] / 1e6,
        p50_ms=values["p50_us"] / 1e3,
        p95_ms=values["p95_us"] / 1e3,
        not_ok=values["not_ok"],
        errors=values["errors"],
    )


def _receive_response(sock: socket.socket) -> tuple[int, bool]:
    """Read one HTTP/1.1 response; return its status and whether the connection stays open."""
    data = bytearray()
    while (end := data.find(b"\r\n\r\n")) < 0:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed before the headers")
        data += chunk
    lines = bytes(data[:end]).split(b"\r\n")
    body = len(data) - end - 4
    status = int(lines[0].split()[1])
    length, keep_alive, chunked = None, True, False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection":
            keep_alive = value != b"close"
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value
    tail = bytes(data[-5:])
    while True:
        if length is not None and body >= length:
            return status, keep_alive
        if length is None and chunked and tail.endswith(b"0\r\n\r\n"):
            return status, keep_alive
        chunk = sock.recv(65536)
        if not chunk:
            if length is None and not chunked:
                return status, False
            raise ConnectionError("connection closed in the body")
        body += len(chunk)
        tail = (tail + chunk)[-5:]


def _python_connection(job: tuple) -> tuple[list[float], int, int, float]:
    """One connection: requests one after another from `start_at` until `deadline` (both
    time.monotonic()) or `limit`. Returns the latencies, non-200 and failed counts, the end."""
    port, request, start_at, deadline, limit = job
    latencies: list[float] = []
    not_ok = errors = 0
    sock = None
    time.sleep(max(0.0, start_at - time.monotonic()))
    while time.monotonic() < deadline and len(latencies) + errors < limit:
        try:
            if sock is None:
                sock = socket.create_connection((HOST, port), timeout=REQUEST_TIMEOUT)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            started = time.perf_counter()
            sock.sendall(request)
            status, keep_alive = _receive_response(sock)
            latencies.append(time.perf_counter() - started)
            not_ok += status != 200
        except (OSError, ValueError, IndexError):
            errors += 1
            keep_alive = False
            time.sleep(0.01)
        if not keep_alive and sock is not None:
            sock.close()
            sock = None
    if sock is not None:
        sock.close()
    return latencies, not_ok, errors, time.monotonic()


def load_python(port: int, target: Target, *, duration: float, concurrency: int) -> Run:
    headers = [f"GET {target.path} HTTP/1.1", f"Host: {HOST}:{port}", "User-Agent: campus-bench"]
    if target.cookie:
        headers.append(f"Cookie: {target.cookie}")
    request = ("\r\n".join(headers) + "\r\n\r\n").encode("latin-1")
    start_at = time.monotonic() + 0.5  # every process started and waiting
    deadline = start_at + duration
    limit = max(1, MAX_REQUESTS_PER_RUN // concurrency)
    jobs = [(port, request, start_at, deadline, limit)] * concurrency
    with multiprocessing.Pool(concurrency) as pool:
        results = pool.map(_python_connection, jobs)
    latencies = sorted(latency for result in results for latency in result[0])
    if not latencies:
        raise RuntimeError(f"No answer from {target.path}")

    def percentile(share: float) -> float:
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1e3

    return Run(
        requests=len(latencies),
        seconds=max(result[3] for result in results) - start_at,
        p50_ms=percentile(0.50),
        p95_ms=percentile(0.95),
        not_ok=sum(result[1] for result in results),
        errors=sum(result[2] for result in results),
    )


# --- Other load on the machine ------------------------------------------------------------


def _busy_jiffies() -> int:
    """CPU time the whole machine spent in processes or lost to the hypervisor: user, nice,
    system and steal. Interrupts are left out: on loopback they are mostly our own traffic."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return fields[0] + fields[1] + fields[2] + fields[7]


def _process_jiffies(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rpartition(")")[2].split()[1]) == pid:
                children.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return children


class OtherLoad:
    """How much CPU the processes outside this benchmark (this script, its load generator,
    gunicorn and its workers) used between `start()` and `share()`."""

    def __init__(self, server_pid: int):
        self.server_pids = [server_pid, *_children(server_pid)]
        self.available = Path("/proc/stat").exists()

    def _ours(self) -> float:
        times = os.times()
        ticks = os.sysconf("SC_CLK_TCK")
        mine = times.user + times.system + times.children_user + times.children_system
        return sum(_process_jiffies(pid) for pid in self.server_pids) + mine * ticks

    def start(self) -> None:
        if self.available:
            self.started = (time.monotonic(), _busy_jiffies(), self._ours())

    def share(self) -> float:
        if not self.available:
            return 0.0
        started_at, busy, ours = self.started
        capacity = (time.monotonic() - started_at) * os.sysconf("SC_CLK_TCK") * cpu_count()
        other = (_busy_jiffies() - busy) - (self._ours() - ours)
        return max(0.0, other / capacity) if capacity else 0.0


# --- The site -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def bench_environ(
    *,
    port: int,
    var_dir: Path,
    database_url: str,
    redis_url: str,
    conn_max_age: int,
    collectstatic: bool,
) -> dict[str, str]:
    """Every Campus variable, so that nothing from the caller's environment or a `.env` file
    changes what is measured. A Redis cache gets a key prefix of its own."""
    site_url = f"http://{HOST}:{port}"
    cache_url = ""
    if redis_url:
        separator = "&" if "?" in redis_url else "?"
        cache_url = f"{redis_url}{separator}key_prefix=campus-bench-{secrets.token_hex(4)}"
    return {
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SITE_URL": site_url,
        "CSRF_TRUSTED_ORIGINS": site_url,
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "CAMPUS_VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url or f"sqlite:///{var_dir / 'campus.sqlite3'}",
        "DATABASE_CONN_MAX_AGE": str(conn_max_age),
        "REDIS_URL": "",
        "CACHE_URL": cache_url,
        "CELERY_BROKER_URL": "",
        "ELASTICSEARCH_URL": "",
        "MEDIA_URL": "/media/",
        "MEDIA_ROOT": str(var_dir / "media"),
        "MEDIA_STORAGE_BACKEND": "django.core.files.storage.FileSystemStorage",
        "MEDIA_STORAGE_OPTIONS": "{}",
        "STATIC_URL": "/static/",
        "STATIC_ROOT": str(var_dir / "static"),
        "STATIC_STORAGE_BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if collectstatic
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
        "EMAIL_URL": "consolemail://",
        "TRUSTED_PROXY_COUNT": "0",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STAFF_MFA_REQUIRED": "true",
    }


def prepare_site(*, password: str, collectstatic: bool) -> tuple[str, str, str, str]:
    """Migrate, load the demo content (and collect static files); return the demo learner's
    email, the catalogue, one course of the learner's and the first lesson of that course."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from wagtail.models import Locale

    from courses.demo import LEARNER_EMAIL
    from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonPage

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", password=password, stdout=StringIO())
    if collectstatic:
        call_command("collectstatic", interactive=False, verbosity=0)
    print(f"  demo site ready in {time.monotonic() - started:.0f} s")

    locale = Locale.objects.get(language_code=LANGUAGE)
    catalogue = CourseIndexPage.objects.live().get(locale=locale)
    enrolled = Enrolment.objects.filter(user__email=LEARNER_EMAIL, left_at__isnull=True)
    course = (
        CoursePage.objects.live()
        .filter(locale=locale, translation_key__in=enrolled.values("course_key"))
        .exclude(enrolment_mode=CoursePage.Enrolment.RESTRICTED)
        .order_by("path")
        .first()
    )
    if course is None:
        raise RuntimeError(f"{LEARNER_EMAIL} is enrolled in no open course of the demo")
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path").first()
    urls = catalogue.url, course.url, lesson.url
    connections.close_all()  # gunicorn and the load processes take over
    return LEARNER_EMAIL, *urls


def clear_cache() -> None:
    """Remove this run's keys from Redis: they all carry the run's own key prefix."""
    from django.core.cache import cache

    cache.delete_pattern("*")


@contextmanager
def gunicorn(env: dict[str, str], port: int, log: Path):
    """The server, answering; stopped on the way out whatever happens."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "benchmarks.wsgi:application",
        "--workers",
        str(WORKERS),
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
    ]
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        wait_until_answering(server, port, log)
        yield server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)  # quick shutdown of the master and its workers
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=15)


@contextmanager
def throwaway_database(server_url: str):
    """A new PostgreSQL database on the server of `server_url`, dropped on the way out: the
    benchmark never writes into an existing database."""
    import psycopg
    from psycopg import sql

    name = f"campus_bench_{secrets.token_hex(4)}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server_url, autocommit=True) as connection:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            connection.execute(drop.format(sql.Identifier(name)))


def fetch(
    port: int, method: str, path: str, *, cookie: str = "", body: dict | None = None
) -> tuple[int, SimpleCookie, bytes]:
    headers = {"Cookie": cookie} if cookie else {}
    data = None
    if body is not None:
        data = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        return response.status, cookies, response.read()
    finally:
        connection.close()


def tail(log: Path, lines: int = 30) -> str:
    """The end of the server's log, to quote in an error (the temp dir goes away)."""
    text = log.read_text(errors="replace").splitlines()[-lines:] if log.exists() else []
    return ":\n" + "\n".join(text) if text else ""


def wait_until_answering(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped{tail(log)}")
        try:
            if fetch(port, "GET", BARE_PATH)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 60 s{tail(log)}")


def sign_in(port: int, email: str, password: str) -> str:
    """The Cookie header of a browser that has just signed in (session and CSRF cookies)."""
    status, cookies, _body = fetch(port, "GET", LOGIN_PATH)
    if status != 200 or "csrftoken" not in cookies:
        raise RuntimeError(f"GET {LOGIN_PATH} answered {status} without a CSRF cookie")
    csrf = cookies["csrftoken"].value
    form = {"csrfmiddlewaretoken": csrf, "login": email, "password": password}
    status, cookies, body = fetch(port, "POST", LOGIN_PATH, cookie=f"csrftoken={csrf}", body=form)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"Signing in as {email} failed ({status}): {body[:300]!r}")
    csrf = cookies["csrftoken"].value if "csrftoken" in cookies else csrf
    return f"csrftoken={csrf}; sessionid={cookies['sessionid'].value}"


def drain(port: int) -> None:
    """Wait for the requests that the last load left queued in the server: a sync worker
    answers a request even after its client has gone, and that work must not count against the
    next page. A request sent now is accepted after them; the second one after the first."""
    for _ in range(2):
        fetch(port, "GET", BARE_PATH)


def measure(
    server: subprocess.Popen,
    port: int,
    targets: list[Target],
    load,
    *,
    seconds: float,
    rounds: int,
    warmup: float,
    log: Path,
) -> dict[str, list[Run]]:
    """Every target warmed up, then loaded for `seconds` in each round; stops on errors, which
    would make the figures lie."""
    for target in targets:
        status = fetch(port, "GET", target.path, cookie=target.cookie)[0]
        if status != 200:
            raise RuntimeError(f"GET {target.path} answered {status}, not 200{tail(log)}")
        if warmup > 0:
            load(target, warmup)
    other_load = OtherLoad(server.pid)
    runs: dict[str, list[Run]] = {target.name: [] for target in targets}
    for number in range(rounds):
        print(f"  round {number + 1}/{rounds}: {seconds:g} s each for", end="", flush=True)
        # Each page in turn goes first: none always follows the same one.
        for target in targets[number % len(targets) :] + targets[: number % len(targets)]:
            print(f" {target.name}", end="", flush=True)
            drain(port)
            other_load.start()
            run = load(target, seconds)
            run.other_cpu = other_load.share()
            if run.not_ok + run.errors > MAX_BAD_SHARE * max(run.requests, 1):
                raise RuntimeError(
                    f"{target.path}: {run.not_ok} answers other than 200 and {run.errors} "
                    f"failures in {run.requests} requests{tail(log)}"
                )
            runs[target.name].append(run)
        print()
    return runs


# --- Report -------------------------------------------------------------------------------


def cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def machine() -> dict:
    cpu_model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu_model = match.group(1).strip() if match else ""
    return {
        "cpu_count": cpu_count(),
        "cpu_model": cpu_model or platform.processor(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def build_report(targets: list[Target], rounds: dict[str, list[Run]], setup: dict) -> dict:
    runs = {name: Run.combine(page_rounds) for name, page_rounds in rounds.items()}
    bare = runs["bare"]
    pages = {}
    for target in targets:
        run = runs[target.name]
        pages[target.name] = {
            "path": target.path,
            "visitor": target.who,
            "rps": round(run.rps, 1),
            "p50_ms": round(run.p50_ms, 2),
            "p95_ms": round(run.p95_ms, 2),
            "rps_vs_bare": round(run.rps / bare.rps, 3),
            "p50_vs_bare": round(run.p50_ms / bare.p50_ms, 2),
            "p95_vs_bare": round(run.p95_ms / bare.p95_ms, 2),
            "rps_rounds": [round(page_round.rps, 1) for page_round in rounds[target.name]],
            "requests": run.requests,
            "not_200": run.not_ok,
            "errors": run.errors,
            "other_cpu_share": round(run.other_cpu, 3),
            "target_rps_vs_bare": TARGETS.get(target.name),
        }
    return {
        "anon_catalogue_vs_bare_ratio": pages["catalogue"]["rps_vs_bare"],
        "anon_course_vs_bare_ratio": pages["course"]["rps_vs_bare"],
        "lesson_vs_bare_ratio": pages["lesson"]["rps_vs_bare"],
        "pages": pages,
        "pages_setup": setup,
        "machine": machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def print_report(report: dict) -> None:
    setup, pages, box = report["pages_setup"], report["pages"], report["machine"]
    print()
    print(
        f"Campus pages vs a bare Django view: gunicorn {setup['gunicorn']}, {setup['workers']} "
        f"sync workers, production settings, {setup['database']} (CONN_MAX_AGE "
        f"{setup['conn_max_age']}), {setup['cache']} cache"
    )
    print(
        f"load: {setup['generator']}, {setup['concurrency']} connections, "
        f"{setup['duration_s']:g} s a page in {setup['rounds']} rounds, after "
        f"{setup['warmup_s']:g} s of warm-up"
    )
    print(
        f"machine: {box['cpu_count']} CPUs ({box['cpu_model']}), Python {box['python']}, "
        f"{box['platform']}"
    )
    print()
    header = (
        f"{'page':<10} {'visitor':<10} {'req/s':>8} {'×bare':>6} {'p50 ms':>8} {'×bare':>6} "
        f"{'p95 ms':>8} {'×bare':>6} {'other CPU':>9}  target"
    )
    print(header)
    print("-" * len(header))
    for name, page in pages.items():
        target = page["target_rps_vs_bare"]
        verdict = ""
        if target is not None:
            verdict = f"≥{target:.2f} " + ("ok" if page["rps_vs_bare"] >= target else "BELOW")
        print(
            f"{name:<10} {page['visitor']:<10} {page['rps']:>8.1f} {page['rps_vs_bare']:>6.2f} "
            f"{page['p50_ms']:>8.2f} {page['p50_vs_bare']:>6.2f} {page['p95_ms']:>8.2f} "
            f"{page['p95_vs_bare']:>6.2f} {page['other_cpu_share']:>9.0%}  {verdict}"
        )
    print()
    for name, page in pages.items():
        print(f"  {name}: {page['path']}")
    print("  ×bare: req/s as a share of the bare view's (higher is better); latency as a")
    print("  multiple of the bare view's (lower is better). Targets apply to req/s.")
    print("  other CPU: share of the machine that processes outside the benchmark used.")
    busiest = max(page["other_cpu_share"] for page in pages.values())
    if busiest > NOISY_SHARE:
        print(
            f"\nWarning: other processes used up to {busiest:.0%} of the CPUs during a run; "
            "the figures are noisy. Run again on a quiet machine."
        )


# --- Main ---------------------------------------------------------------------------------


def main(
    json_path: Path | str | None = DEFAULT_JSON,
    *,
    duration: float = 10.0,
    concurrency: int = 8,
    rounds: int = 5,
    warmup: float = 2.0,
    database_url: str = "",
    redis_url: str = "",
    conn_max_age: int = CONN_MAX_AGE,
    collectstatic: bool = False,
    generator: str = "auto",
) -> dict:
    wrk = wrk_version() if generator in {"auto", "wrk"} else None
    if generator == "wrk" and wrk is None:
        raise SystemExit("wrk is not installed: `make bench-deps` installs it.")
    if wrk is None and generator == "auto":
        print("Notice: wrk is not installed (`make bench-deps`); using the Python load generator.")
    sys.path.insert(0, str(ROOT))
    with ExitStack() as cleanup:  # unwinds in reverse: cache, server, database, temp dir
        tmp_dir = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="campus-bench-")))
        database = "PostgreSQL" if database_url else "SQLite"
        if database_url:
            database_url = cleanup.enter_context(throwaway_database(database_url))
        port = free_port()
        password = secrets.token_urlsafe(16)
        env = bench_environ(
            port=port,
            var_dir=tmp_dir,
            database_url=database_url,
            redis_url=redis_url,
            conn_max_age=conn_max_age,
            collectstatic=collectstatic,
        )
        os.environ.update(env)
        print(f"Preparing the demo site in {tmp_dir} ({database})")
        email, catalogue, course, lesson = prepare_site(
            password=password, collectstatic=collectstatic
        )
        script = tmp_dir / "count.lua"
        script.write_text(WRK_SCRIPT)

        def load(target: Target, seconds: float) -> Run:
            if wrk:
                return load_wrk(
                    port, target, duration=seconds, concurrency=concurrency, script=script
                )
            return load_python(port, target, duration=seconds, concurrency=concurrency)

        if redis_url:
            cleanup.callback(clear_cache)
        log = tmp_dir / "gunicorn.log"
        server = cleanup.enter_context(gunicorn({**os.environ, **env}, port, log))
        targets = [
            Target("bare", "anonymous", BARE_PATH),
            Target("catalogue", "anonymous", catalogue),
            Target("course", "anonymous", course),
            Target("lesson", "learner", lesson, sign_in(port, email, password)),
        ]
        runs = measure(
            server,
            port,
            targets,
            load,
            seconds=duration / rounds,
            rounds=rounds,
            warmup=warmup,
            log=log,
        )
    setup = {
        "generator": wrk or "python (one process per connection)",
        "gunicorn": version("gunicorn"),
        "workers": WORKERS,
        "concurrency": concurrency,
        "duration_s": duration,
        "rounds": rounds,
        "warmup_s": warmup,
        "database": database,
        "cache": "Redis" if redis_url else "local-memory",
        "conn_max_age": conn_max_age,
        "collectstatic": collectstatic,
    }
    report = build_report(targets, runs, setup)
    print_report(report)
    if json_path:
        json_path = Path(json_path)
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"\nWritten to {json_path}")
    return report


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write JSON")
    parser.add_argument(
        "--duration", type=float, default=10.0, help="seconds a page, all rounds (10)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="rounds the pages take turns in (5)")
    parser.add_argument("--concurrency", type=int, default=8, help="open connections (8)")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up (2)")
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres: the run "
        "creates a database of its own there and drops it (default: SQLite in a temp dir)",
    )
    parser.add_argument(
        "--redis-url",
        default="",
        help="Redis for the cache, e.g. redis://127.0.0.1:6379/14: keys get a prefix of their "
        "own and are removed afterwards (default: local memory, per worker)",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=CONN_MAX_AGE,
        help=f"DATABASE_CONN_MAX_AGE ({CONN_MAX_AGE}, as in .env.example; 0 is the default)",
    )
    parser.add_argument(
        "--collectstatic",
        action="store_true",
        help="collect static files and use the production manifest storage",
    )
    parser.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = parse_args()
    main(
        args.json,
        duration=args.duration,
        concurrency=args.concurrency,
        rounds=args.rounds,
        warmup=args.warmup,
        database_url=args.database_url,
        redis_url=args.redis_url,
        conn_max_age=args.conn_max_age,
        collectstatic=args.collectstatic,
        generator=args.generator,
    )
