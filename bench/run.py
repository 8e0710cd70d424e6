#!/usr/bin/env python
"""Benchmark every public page of ISS Portal beside a stock Django project, and write
docs/benchmarks.md.

    .venv/bin/python bench/run.py                 # the full run (about 30 minutes)
    .venv/bin/python bench/run.py --duration 3 --sizes real --skip-long   # a quick look
    .venv/bin/python bench/run.py --pages home,facts --only cold          # some rows

Needs PostgreSQL on 127.0.0.1:5432 (user postgres), Redis on 127.0.0.1:6379 (databases 14 and 15)
and wrk (Debian package "wrk"). Two databases: issportal_bench_real (the real data) and
issportal_bench (the real data plus ten times its volume, bench/populate.py); each is built
when missing. Everything runs on loopback under gunicorn with gunicorn.conf.py, 2 workers of
4 threads (gthread): the site with the production settings, and in the same run the stock
`django-admin startproject` project in bench/stock with its hello view, the ceiling.
Only a full run (no option narrowing it, 10 s or more per row) writes the report.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import after_save  # noqa: E402
from bench.report import write_report  # noqa: E402
from bench.wrk import command as wrk_command  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
DATABASES = {"real": "issportal_bench_real", "ten": "issportal_bench"}
# A Redis database per size: what is kept per content generation (the sitemap, the feeds)
# must not pass from one database's run to the other's.
REDIS_DATABASES = {"real": 15, "ten": 14}
CONNECTIONS = 16
LONG_RUN = 30  # seconds, 64 connections, every page in turn, cold
IDLE_LIMIT = 120  # seconds to wait at most for the server to finish a row's requests
VAR = ROOT / "var"
PAGES_MODULE = "bench.pages"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(size, **extra):
    # gunicorn's access log stays off, as in production (gunicorn.conf.py).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "MEDIA_")) and k != "ACCESS_LOG"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASES[size]}",
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DATABASES[size]}",
        MEDIA_ROOT=str(VAR / f"bench-media-{size}"),
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def django(code, size):
    """Run Python code with Django set up for one database; return its last line as JSON."""
    script = "import django, json; django.setup()\n" + code
    out = run([PYTHON, "-c", script], environment(size), stdout=subprocess.PIPE, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def psql(sql):
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qAtc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def build_database(size):
    """The real data (migrate, load_initial_data); for "ten", plus the synthetic volume."""
    name = DATABASES[size]
    print(f"building {name}...", flush=True)
    env = environment(size)
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"CREATE DATABASE {name}")
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "load_initial_data"], env, stdout=subprocess.DEVNULL)
    if size == "ten":
        print("adding synthetic volume (a few minutes)...", flush=True)
        run([PYTHON, "-c", "import django; django.setup(); from bench.populate import populate; "
             "populate()"], env)  # fmt: skip
    vacuum = "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')"
    run([PYTHON, "manage.py", "shell", "-c", vacuum], env)


def fetch(port, path, headers=None):
    """One GET on loopback, as the load generator asks: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(
            "GET",
            path,
            headers={"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip", **(headers or {})},
        )
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Server:
    """gunicorn with the project's gunicorn.conf.py, 2 workers × 4 threads (gthread)."""

    def __init__(self, name, app, env, health="/healthz"):
        self.name = name
        self.app = app
        self.port = free_port()
        self.env = {**env, "PORT": str(self.port)}
        self.health = health

    def __enter__(self):
        VAR.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "--config",
                "gunicorn.conf.py",
                "--workers",
                "2",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                self.app,
            ],
            cwd=ROOT,
            env=self.env,
            # The site writes one JSON line per request: kept out of the terminal.
            stderr=(VAR / "bench-server.log").open("a"),
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(self.port, self.health)[0] == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        self.__exit__()
        raise SystemExit(f"{self.name} did not start (see var/bench-server.log)")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)

    def workers(self):
        return subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()

    def cpu_seconds(self):
        total = 0
        for pid in self.workers():
            with contextlib.suppress(FileNotFoundError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime + stime, in ticks
        return total / os.sysconf("SC_CLK_TCK")

    def wait_idle(self, limit=IDLE_LIMIT):
        """Wait until the workers are idle: a page slower than a row leaves requests queued
        when wrk stops, and they would eat into the next row. Returns the seconds waited."""
        start = time.monotonic()
        before = self.cpu_seconds()
        while time.monotonic() - start < limit:
            time.sleep(0.25)
            now = self.cpu_seconds()
            if now - before < 0.03:
                break
            before = now
        return round(time.monotonic() - start, 1)

    def worker_memory_mb(self):
        sizes = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return [round(size) for size in sizes]


def site(size, page_cache, **extra):
    env = environment(size, BENCH_PAGE_CACHE="1" if page_cache else "0", **extra)
    return Server(f"the site ({size})", "bench.wsgi:application", env)


def stock():
    """The stock startproject project: its own settings, the same server settings."""
    env = environment("real")
    env.update(
        DJANGO_SETTINGS_MODULE="stock.settings",
        PYTHONPATH=f"{ROOT / 'bench' / 'stock'}{os.pathsep}{ROOT}",
    )
    return Server("the stock project", "stock.wsgi:application", env, health="/")


def check_pages(port, urls):
    """Every page answers 200 before anything is measured."""
    failed = {}
    for name, url in urls.items():
        status = fetch(port, url)[0]
        if status != 200:
            failed[name] = f"{url} answered {status}"
    if failed:
        raise SystemExit("pages that do not answer 200:\n  " + "\n  ".join(failed.values()))


def wrk(port, url, duration, connections=CONNECTIONS, script=None):
    args = wrk_command(
        port,
        url,
        threads=2,
        connections=connections,
        duration=duration,
        script=script,
        latency=True,
    )
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
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
    errors = 0
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(n) for n in match.groups())
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    if not requests:  # no response in time: no latency to show
        p50 = p99 = float("nan")
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors, "requests": requests}


def measure(server, name, url, duration, label, warm_up=True):
    if warm_up:  # both workers render the page once or more; not measured
        wrk(server.port, url, 1)
        server.wait_idle()
    print(f"{label:16} {name:24}", end=" ", flush=True)
    result = wrk(server.port, url, duration)
    result["drain_s"] = server.wait_idle()
    print(
        f"{result['rps']:8.1f} req/s  p50 {result['p50']:7.1f} ms  "
        f"p99 {result['p99']:7.1f} ms  errors {result['errors']}"
        + (f"  (requests left running {result['drain_s']} s)" if result["drain_s"] > 1 else ""),
        flush=True,
    )
    return result


ROTATE_SCRIPT = """
paths = {paths}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


def measure_mode(size, mode, urls, all_urls, args, figures):
    """One server with the site, one with the stock project: the ceilings, every page, and
    (warm) the after-a-save run."""
    label = f"{size} {mode}"
    with stock() as ceiling, site(size, page_cache=mode == "warm") as server:
        check_pages(server.port, all_urls)
        rows = {"stock (start)": measure(ceiling, "stock hello view", "/", args.duration, label)}
        rows["through middleware"] = measure(
            server, "through middleware", "/bench/ceiling/", args.duration, label
        )
        for name, url in urls.items():
            # Warm: check_pages has put every page in the page cache already.
            rows[name] = measure(server, name, url, args.duration, label, mode == "cold")
        rows["stock (end)"] = measure(ceiling, "stock hello view", "/", args.duration, label)
        figures["pages"][(size, mode)] = rows
        if mode == "warm":
            from bench.pages import MOST_VISITED

            server.wait_idle()
            print(f"{label:16} after a save: 64 connections, ten pages", flush=True)
            result = after_save.measure(
                server.port,
                {name: all_urls[name] for name in MOST_VISITED},
                environment(size),
                VAR / "bench-after-save",
                cwd=ROOT,
            )
            print(f"{label:16} {json.dumps(result)}", flush=True)
            figures["after_save"][size] = result
        if mode == "cold" and size == "ten" and not (args.skip_long or args.pages):
            script = VAR / "bench-rotate.lua"
            paths = "{" + ", ".join(json.dumps(u) for u in urls.values()) + "}"
            script.write_text(ROTATE_SCRIPT.format(paths=paths))
            print(f"{label:16} {LONG_RUN} s, 64 connections, every page in turn", flush=True)
            long_run = wrk(server.port, "/", LONG_RUN, 64, script)
            figures["long_run"] = {**long_run, "seconds": LONG_RUN}
            server.wait_idle()
            print(f"{label:16} {figures['long_run']}", flush=True)
        figures["memory"][(size, mode)] = server.worker_memory_mb()
        print(f"{label:16} worker RSS {figures['memory'][(size, mode)]} MB", flush=True)


def measure_s3(size, urls, args, figures):
    """The media-heavy pages, cold, with local media and with media in an S3 bucket on a
    local S3 server (moto), one after the other."""
    import logging

    import boto3
    from moto.server import ThreadedMotoServer

    from bench.pages import MEDIA_HEAVY

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    s3.start()
    try:
        host, port = s3.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        bucket = "bench-media"
        keys = {"MEDIA_S3_ACCESS_KEY_ID": "bench", "MEDIA_S3_SECRET_ACCESS_KEY": "bench"}
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=keys["MEDIA_S3_ACCESS_KEY_ID"],
            aws_secret_access_key=keys["MEDIA_S3_SECRET_ACCESS_KEY"],
        ).create_bucket(Bucket=bucket)
        s3_env = {
            "MEDIA_STORAGE": "s3",
            "MEDIA_S3_BUCKET": bucket,
            "MEDIA_S3_REGION": "us-east-1",
            "MEDIA_S3_ENDPOINT_URL": endpoint,
            "MEDIA_S3_CUSTOM_DOMAIN": "",
            **keys,
        }
        pages = {name: urls[name] for name in MEDIA_HEAVY}
        # Both servers at once, page by page, so that both meet the same machine.
        with site(size, page_cache=False) as local, site(size, False, **s3_env) as s3_site:
            for server in (local, s3_site):
                check_pages(server.port, pages)
            for name, url in pages.items():
                for media, server in (("local", local), ("s3", s3_site)):
                    result = measure(server, name, url, args.duration, f"{size} cold {media}")
                    figures["s3"][(media, name)] = result
    finally:
        s3.stop()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild the databases measured")
    parser.add_argument("--duration", type=int, default=10, help="seconds per row (default 10)")
    parser.add_argument("--sizes", default="real,ten", help="real, ten or both (default)")
    parser.add_argument("--only", choices=["cold", "warm"], help="measure one mode")
    parser.add_argument("--pages", help="comma-separated page names to measure (see --list)")
    parser.add_argument("--list", action="store_true", help="list the pages and stop")
    parser.add_argument(
        "--skip-long", action="store_true", help="skip the 30-second run and the S3 media run"
    )
    args = parser.parse_args()
    sizes = [s for s in args.sizes.split(",") if s]
    if unknown := set(sizes) - set(DATABASES):
        parser.error(f"unknown size {', '.join(unknown)}: use real, ten")
    full = (
        sizes == list(DATABASES)
        and not (args.only or args.pages or args.skip_long)
        and args.duration >= 10
    )

    # Pages need the static files manifest.
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], environment(sizes[0]))
    figures = {
        "args": vars(args),
        "sizes": sizes,
        "urls": {},
        "queries": {},
        "pages": {},
        "after_save": {},
        "memory": {},
        "s3": {},
        "long_run": None,
        "timings": {},
    }
    for size in sizes:
        if (
            args.rebuild
            or psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASES[size]}'") != "1"
        ):
            build_database(size)
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], environment(size))
        urls = all_urls = django(
            f"from {PAGES_MODULE} import pick; print(json.dumps(pick()))", size
        )
        if args.list:
            print("\n".join(f"{name:24} {url}" for name, url in urls.items()))
            return
        if args.pages:
            wanted = args.pages.split(",")
            if missing := set(wanted) - set(urls):
                parser.error(f"no page named {', '.join(missing)} (see --list)")
            urls = {name: url for name, url in urls.items() if name in wanted}
        figures["urls"][size] = urls
        figures["queries"][size] = django(
            f"from {PAGES_MODULE} import query_counts; print(json.dumps(query_counts({urls!r})))",
            size,
        )
        print(f"{size:16} SQL queries: {figures['queries'][size]}", flush=True)
        for mode in ("cold", "warm"):
            if args.only in (None, mode):
                measure_mode(size, mode, urls, all_urls, args, figures)
    last = sizes[-1]
    if not (args.skip_long or args.only == "warm"):
        measure_s3(last, all_urls, args, figures)
    if full:
        figures["timings"] = django(
            f"from {PAGES_MODULE} import staff_timings; "
            f"print(json.dumps(staff_timings({figures['urls']['ten']['search']!r})))",
            "ten",
        )
        write_report(figures)
    else:
        print("(not a full run: docs/benchmarks.md left as it is)")
        print(write_report(figures, dry_run=True))


if __name__ == "__main__":
    main()
