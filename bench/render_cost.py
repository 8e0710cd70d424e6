#!/usr/bin/env python
"""What each public page costs to render in one process: kept, and right after a save.

    .venv/bin/python bench/render_cost.py                 # both data sizes
    .venv/bin/python bench/render_cost.py --sizes ten --repeat 30

Uses the benchmark's databases and settings (bench/run.py builds them), with the page cache
off. Two columns per page, each the median of ``--repeat`` renders in milliseconds of this
process's CPU (PostgreSQL's own time is not in it), and the SQL queries of one render:

- **kept**: what is kept per content generation is in place (figures, kept fragments,
  kept documents): the benchmark's cold run, and a page's cost for signed-in staff.
- **after a save**: the content generation is moved on before every render, so nothing kept
  is there: what the first visitor after an edit meets, before the page cache has the page.
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import DATABASES, environment  # noqa: E402

MEASURE = """
import json, statistics, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from bench import pages
from issportal import cache

pages.quiet_request_log()
repeat = int(sys.argv[1])
rows = {}
with override_settings(PAGE_CACHE=False, SECURE_SSL_REDIRECT=False, ALLOWED_HOSTS=["testserver"]):
    client = Client(headers={"accept-encoding": "gzip"})
    for name, url in pages.pick().items():
        row = {}
        for mode in ("kept", "after a save"):
            def render():
                if mode == "after a save":
                    cache.bump_generation()
                start = time.process_time()
                response = client.get(url)
                spent = (time.process_time() - start) * 1000
                assert response.status_code == 200, (url, response.status_code)
                return spent
            for _ in range(3):
                render()
            samples = [render() for _ in range(repeat)]
            if mode == "after a save":
                cache.bump_generation()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            row[mode] = (round(statistics.median(samples), 2), len(queries))
        rows[name] = row
print(json.dumps(rows))
"""


def measure(size, repeat):
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(repeat)],
        cwd=ROOT,
        env=environment(size, BENCH_PAGE_CACHE="0"),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="real,ten", help="real, ten or both (real,ten)")
    parser.add_argument("--repeat", type=int, default=20, help="renders per page and mode")
    args = parser.parse_args()
    sizes = [size for size in args.sizes.split(",") if size in DATABASES]
    results = {size: measure(size, args.repeat) for size in sizes}
    header = "| page | " + " | ".join(
        f"{size}: kept ms (queries) | {size}: after a save ms (queries)" for size in sizes
    )
    print(header + " |")
    print("|---|" + "---:|" * (2 * len(sizes)))
    for name in results[sizes[0]]:
        cells = []
        for size in sizes:
            row = results[size][name]
            cells += [f"{ms} ({queries})" for ms, queries in (row["kept"], row["after a save"])]
        print(f"| {name} | " + " | ".join(cells) + " |")
    for size in sizes:
        kept = [row["kept"][0] for row in results[size].values()]
        cold = [row["after a save"][0] for row in results[size].values()]
        print(
            f"\n{size}: median page {statistics.median(kept):.2f} ms kept, "
            f"{statistics.median(cold):.2f} ms after a save"
        )


if __name__ == "__main__":
    main()
