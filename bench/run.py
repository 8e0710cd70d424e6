#!/usr/bin/env python
"""Benchmark ISS Portal under load beside a bare Django view, and write docs/benchmarks.md.

    .venv/bin/python bench/run.py            # build the database once, then measure
    .venv/bin/python bench/run.py --rebuild  # rebuild the database first
    .venv/bin/python bench/run.py --duration 5 --skip-long   # a quicker look

Needs PostgreSQL on 127.0.0.1:5432 (user postgres), Redis on 127.0.0.1:6379 and
wrk (Debian package "wrk"). Everything runs on loopback with the production
settings under gunicorn: 2 workers of 4 threads (gthread), as on a 2-core machine.
"""

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB_NAME = "issportal_bench"
REPORT = ROOT / "docs" / "benchmarks.md"
CONNECTIONS = (16, 64)
NOTES_MARKER = "<!-- Written by hand from here on; bench/run.py keeps it. -->"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        REDIS_URL="redis://127.0.0.1:6379/14",
        MEDIA_ROOT=str(ROOT / "var" / "bench-media"),
        ACCESS_LOG="/dev/null",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def run(args, env=None, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env or environment(), check=True, **kwargs)


def django(code, env=None):
    """Run Python code with Django set up for the benchmark database; return its stdout."""
    script = "import django; django.setup()\n" + code
    return run([PYTHON, "-c", script], env=env, stdout=subprocess.PIPE, text=True).stdout


def psql(sql, database="postgres"):
    run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-qAtc", sql],
        capture_output=True,
        text=True,
    )


def database_exists():
    out = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-qAtc",
            f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.strip() == "1"


def build_database():
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB_NAME}")
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"])
    run([PYTHON, "manage.py", "load_initial_data"], stdout=subprocess.DEVNULL)
    query_counts_real = measure_queries()
    print("adding synthetic volume (a few minutes)...", flush=True)
    print(django("from bench.populate import populate; populate()"), end="")
    run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')",
        ]
    )
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-query-counts-real.json").write_text(json.dumps(query_counts_real))


def pick_urls():
    code = """
import json
from news.models import Article
from media_gallery.models import Gallery
article = Article.objects.published().order_by("-publish_at").first()
gallery = Gallery.objects.published().order_by("-publish_at").first()
print(json.dumps({"article": article.get_absolute_url(), "gallery": gallery.get_absolute_url()}))
"""
    found = json.loads(django(code).strip().splitlines()[-1])
    return {
        "ceiling": "/bench/ceiling/",
        "home": "/",
        "expeditions on a day": "/expeditions/?on=2010-02-15",
        "an expedition": "/expeditions/30/",
        "news": "/news/",
        "an article": found["article"],
        "a gallery": found["gallery"],
        "search": "/search/?q=soyuz",
    }


def measure_queries(urls=None):
    """SQL queries per page, rendered without the page cache."""
    urls = urls or {
        "home": "/",
        "expeditions on a day": "/expeditions/?on=2010-02-15",
        "an expedition": "/expeditions/30/",
        "news": "/news/",
        "search": "/search/?q=soyuz",
    }
    code = f"""
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
urls = {urls!r}
counts = {{}}
with override_settings(PAGE_CACHE=False, SECURE_SSL_REDIRECT=False, ALLOWED_HOSTS=["testserver"]):
    client = Client()
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[name] = [response.status_code, len(queries)]
print(json.dumps(counts))
"""
    return json.loads(django(code).strip().splitlines()[-1])


def admin_and_search_timings(urls):
    code = f"""
import json, time
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import override_settings
user, _ = get_user_model().objects.get_or_create(
    username="bench-admin", defaults={{"is_staff": True, "is_superuser": True}}
)
timings = {{}}
with override_settings(SECURE_SSL_REDIRECT=False, PAGE_CACHE=False, ALLOWED_HOSTS=["testserver"]):
    client = Client()
    client.force_login(user)
    for name, url in {{"admin article list (20,000 articles)": "/admin/news/article/",
                      "admin article search": "/admin/news/article/?q=orbit",
                      "site search": {urls["search"]!r}}}.items():
        client.get(url)
        samples = []
        for _ in range(7):
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        samples.sort()
        timings[name] = round(samples[len(samples) // 2], 1)
print(json.dumps(timings))
"""
    return json.loads(django(code).strip().splitlines()[-1])


class Server:
    def __init__(self, page_cache):
        self.port = free_port()
        self.env = environment(BENCH_PAGE_CACHE="1" if page_cache else "0", PORT=str(self.port))

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "--config",
                "gunicorn.conf.py",
                "--workers",
                "2",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                "bench.wsgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            # One JSON line per request: kept out of the report's terminal.
            stderr=(ROOT / "var" / "bench-server.log").open("a"),
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{self.port}/healthz", headers={"X-Forwarded-Proto": "https"}
                )
                if urllib.request.urlopen(request, timeout=2).status == 200:  # noqa: S310
                    return self
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)

    def worker_memory_mb(self):
        children = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        sizes = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return [round(size) for size in sizes]

    def warm(self, url, times=20):
        for _ in range(times):
            request = urllib.request.Request(
                f"http://127.0.0.1:{self.port}{url}",
                headers={"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                response.read()


def wrk(port, url, connections, duration, script=None):
    args = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "10s",
        "-H",
        "X-Forwarded-Proto: https",
        "-H",
        "Accept-Encoding: gzip",
    ]
    if script:
        args += ["-s", str(script)]
    out = subprocess.run(
        args + [f"http://127.0.0.1:{port}{url}"], capture_output=True, text=True, check=True
    ).stdout
    return parse_wrk(out)


def _ms(text):
    match = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if match is None:
        return float("nan")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def parse_wrk(out):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    if p50 != p50:  # not a number: show what wrk said
        print(out)
    errors = 0
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(n) for n in match.groups())
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors, "requests": requests}


READING_NOTES = """## Reading these numbers

- In the warm run the ceiling goes through the same middleware, page cache included, so it
  is itself served from Redis; compare warm pages with the cold run's ceiling as well, the
  stricter yardstick.
- gunicorn recycles a worker after about 100,000 requests (`gunicorn.conf.py`); at warm rates
  that happens during some runs and costs a second of CPU, which explains single low rows.
- PostgreSQL, Redis, wrk and gunicorn share the machine's cores; rows vary between runs."""


ROTATE_SCRIPT = """
paths = {paths}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild the benchmark database")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--skip-long", action="store_true", help="skip the 60-second run")
    parser.add_argument("--only", choices=["cold", "warm"], help="measure one mode (no report)")
    parser.add_argument("--pages", help="comma-separated page names to measure (no report)")
    args = parser.parse_args()

    # Pages need the static files manifest, also while the database is built.
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"])
    if args.rebuild or not database_exists():
        build_database()
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"])
    real_counts = (
        json.loads((ROOT / "var" / "bench-query-counts-real.json").read_text())
        if (ROOT / "var" / "bench-query-counts-real.json").exists()
        else {}
    )
    urls = pick_urls()
    partial = args.only or args.pages
    big_counts = (
        {} if partial else measure_queries({k: v for k, v in urls.items() if k != "ceiling"})
    )
    timings = {} if partial else admin_and_search_timings(urls)

    results = {}
    memory = {}
    modes = [(m, c) for m, c in (("cold", False), ("warm", True)) if args.only in (None, m)]
    if args.pages:
        wanted = {"ceiling", *args.pages.split(",")}
        urls = {name: url for name, url in urls.items() if name in wanted}
    for mode, page_cache in modes:
        with Server(page_cache) as server:
            for name, url in urls.items():
                server.warm(url)
                wrk(server.port, url, 16, 2)  # warm-up, not measured
                for connections in CONNECTIONS:
                    print(f"{mode:4} {name:22} c={connections}", end=" ", flush=True)
                    result = wrk(server.port, url, connections, args.duration)
                    results[(mode, name, connections)] = result
                    print(
                        f"{result['rps']:8.1f} req/s  p50 {result['p50']:.1f} ms  "
                        f"p99 {result['p99']:.1f} ms  errors {result['errors']}",
                        flush=True,
                    )
            memory[mode] = server.worker_memory_mb()
    if args.only or args.pages:
        return
    long_run = None
    if not args.skip_long:
        script = ROOT / "var" / "bench-rotate.lua"
        paths = "{" + ", ".join(json.dumps(u) for n, u in urls.items() if n != "ceiling") + "}"
        script.write_text(ROTATE_SCRIPT.format(paths=paths))
        with Server(page_cache=False) as server:
            for url in urls.values():
                server.warm(url, 3)
            print("long run: 60 s, 64 connections, every page in turn, cold", flush=True)
            long_run = wrk(server.port, "/", 64, 60, script)
            print(long_run, flush=True)
    write_report(args, urls, results, memory, long_run, real_counts, big_counts, timings)


def write_report(args, urls, results, memory, long_run, real_counts, big_counts, timings):
    today = datetime.date.today().isoformat()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    lines = [
        "# Benchmarks",
        "",
        f"Measured on {today} with `.venv/bin/python bench/run.py --duration {args.duration}`: "
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        "PostgreSQL and Redis on the same machine, wrk on loopback.",
        "Production settings under gunicorn, 2 workers × 4 threads (gthread). The **ceiling** is a "
        "bare Django view through the same middleware, served by the same server in the same run; "
        "it never goes near the page cache, in either run. **Cold**: the page cache is off, so "
        "every request renders the page (what is derived from whole tables and shared by every "
        "visitor, such as the home page's figures, the menus and the size of each unfiltered "
        "list, is kept per content generation as in production). "
        "**Warm**: anonymous pages come from the page cache. Requests ask for gzip, like "
        "browsers do.",
        "",
        "Data: the real station history plus synthetic volume (20,000 articles, 50,000 images "
        "with 8 renditions each, 1,000 galleries of 24 images, station tables at ten times their "
        "real size). `bench/populate.py` builds it.",
        "",
    ]
    for mode in ("cold", "warm"):
        lines += [
            f"## {mode.capitalize()} pages",
            "",
            "| page | conns | req/s | % of ceiling | p50 ms | p99 ms | errors |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name in urls:
            for connections in CONNECTIONS:
                result = results[(mode, name, connections)]
                ceiling = results[(mode, "ceiling", connections)]["rps"]
                share = 100 * result["rps"] / ceiling if ceiling else 0
                lines.append(
                    f"| {name} | {connections} | {result['rps']:.0f} | {share:.1f}% | "
                    f"{result['p50']:.1f} | {result['p99']:.1f} | {result['errors']} |"
                )
        lines += [
            "",
            f"Worker memory (RSS) after the {mode} runs: "
            + ", ".join(f"{mb} MB" for mb in memory[mode])
            + ".",
            "",
        ]
    if long_run:
        lines += [
            "## 60 seconds at 64 connections",
            "",
            f"Every page in turn, cold: {long_run['requests']} requests, "
            f"{long_run['rps']:.0f} req/s, p99 {long_run['p99']:.0f} ms, "
            f"**{long_run['errors']} errors**.",
            "",
        ]
    lines += [
        "## SQL queries per page (rendered, no page cache)",
        "",
        "| page | real data | ten times the data |",
        "|---|---:|---:|",
    ]
    for name, (_status, count) in big_counts.items():
        real = real_counts.get(name, [None, "–"])[1]
        lines.append(f"| {name} | {real} | {count} |")
    lines += [
        "",
        "## Staff and search response times (median of 7, in-process)",
        "",
        "| request | ms |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {ms} |" for name, ms in timings.items()]
    lines += [
        "",
        "## Targets",
        "",
        "- Warm anonymous pages: at least 70% of the ceiling's requests per second.",
        "- Cold pages: at least 4% of the ceiling, each page type.",
        "- At most 10 SQL queries on any public page, the same at the real data and at ten "
        "times the data.",
        "- Zero errors in a 60-second run at 64 connections.",
        "- The admin change list over 20,000 articles, and the search, answer in 300 ms or less.",
        "",
    ]
    # What was written by hand below the marker (readings, Lighthouse) is kept.
    notes = ""
    if REPORT.exists() and NOTES_MARKER in REPORT.read_text():
        notes = REPORT.read_text().split(NOTES_MARKER, 1)[1]
    lines.append(NOTES_MARKER)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines) + notes)
    print(f"wrote {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
