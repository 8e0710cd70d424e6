"""docs/benchmarks.md from one run of bench/run.py: the targets of issue #19 first, each
row marked PASS or FAIL, then the figures; what is written by hand below NOTES_MARKER is kept.
"""

import datetime
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
NOTES_MARKER = "<!-- Written by hand from here on; bench/run.py keeps it. -->"

# Issue #19's targets.
SHARE_OF_STOCK = {"cold": 4.0, "warm": 70.0}  # % of the stock hello view's req/s
RECOVERY_S = 2.0  # after a save, until 95% of responses are cache hits again
MAX_RENDERS = 2  # renders of one page after a save (one per worker at most)
WORKER_RSS_MB = 150
MAX_QUERIES = 10
STAFF_MS = 300

SIZE_NAMES = {"real": "real data", "ten": "ten times the data"}


def verdict(ok):
    return "PASS" if ok else "**FAIL**"


def ms(value):
    return "–" if value != value else f"{value:.1f}"  # NaN: no response in time


def stock_rps(rows):
    return (rows["stock (start)"]["rps"] + rows["stock (end)"]["rps"]) / 2


def page_rows(rows):
    skip = {"stock (start)", "stock (end)", "through middleware"}
    return {name: row for name, row in rows.items() if name not in skip}


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        "PostgreSQL and Redis on the same machine, wrk on loopback"
    )


def summary(figures):
    """(target, result, verdict) rows."""
    out = []
    for (size, mode), rows in figures["pages"].items():
        stock = stock_rps(rows)
        goal = SHARE_OF_STOCK[mode]
        shares = {name: 100 * row["rps"] / stock for name, row in page_rows(rows).items()}
        failing = sorted(name for name, share in shares.items() if share < goal)
        worst = min(shares, key=shares.get)
        out.append(
            (
                f"{mode.capitalize()}, {SIZE_NAMES[size]}: "
                f"every page ≥ {goal:g}% of the stock view",
                f"lowest {shares[worst]:.1f}% ({worst}); {len(failing)} of {len(shares)} below"
                + (f": {', '.join(failing)}" if 0 < len(failing) <= 8 else ""),
                verdict(not failing),
            )
        )
    for size, result in figures["after_save"].items():
        out.append(
            (
                f"After a save, {SIZE_NAMES[size]}: 95% hits again within {RECOVERY_S:g} s",
                f"{result['recovery_s']:.1f} s",
                verdict(result["recovery_s"] <= RECOVERY_S and result["max_renders"] > 0),
            )
        )
        out.append(
            (
                f"After a save, {SIZE_NAMES[size]}: "
                f"no stampede (≤ {MAX_RENDERS} renders of a page)",
                f"at most {result['max_renders']} renders of one page",
                verdict(0 < result["max_renders"] <= MAX_RENDERS),
            )
        )
    if figures["memory"]:
        last = list(figures["memory"].values())[-1]
        out.append(
            (
                f"Worker RSS after the full run ≤ {WORKER_RSS_MB} MB",
                f"{max(last)} MB (largest at any point: "
                f"{max(max(m) for m in figures['memory'].values())} MB)",
                verdict(max(last) <= WORKER_RSS_MB),
            )
        )
    for size, counts in figures["queries"].items():
        most = max(counts, key=lambda name: counts[name][1])
        out.append(
            (
                f"SQL queries per page (first render), {SIZE_NAMES[size]}: ≤ {MAX_QUERIES}",
                f"at most {counts[most][1]} ({most})",
                verdict(counts[most][1] <= MAX_QUERIES),
            )
        )
    rows = [row for rows in figures["pages"].values() for row in rows.values()]
    rows += list(figures["s3"].values())
    if figures["long_run"]:
        rows.append(figures["long_run"])
    errors = sum(row["errors"] for row in rows)
    errors += sum(r["errors"] for r in figures["after_save"].values())
    silent = sum(1 for row in rows if not row["requests"])
    out.append(
        (
            "No errors, and responses in every row (pages, after a save, S3, long run)",
            f"{errors} errors" + (f"; rows without a single response: {silent}" if silent else ""),
            verdict(not errors and not silent),
        )
    )
    for name, ms in figures["timings"].items():
        out.append((f"{name}: ≤ {STAFF_MS} ms", f"{ms} ms", verdict(ms <= STAFF_MS)))
    return out


def page_table(rows, mode):
    stock = stock_rps(rows)
    middleware = rows["through middleware"]["rps"]
    goal = SHARE_OF_STOCK[mode]
    lines = [
        f"Stock hello view: {rows['stock (start)']['rps']:.0f} req/s before the pages, "
        f"{rows['stock (end)']['rps']:.0f} after (their mean is 100%); "
        f"through the site's middleware: {middleware:.0f} req/s.",
        "",
        f"| page | req/s | % of stock | % of through-middleware | p50 ms | p99 ms | errors "
        f"| ≥ {goal:g}% of stock |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, row in page_rows(rows).items():
        share = 100 * row["rps"] / stock
        lines.append(
            f"| {name} | {row['rps']:.0f} | {share:.1f}% | {100 * row['rps'] / middleware:.1f}% "
            f"| {ms(row['p50'])} | {ms(row['p99'])} | {row['errors']} | {verdict(share >= goal)} |"
        )
    slow = [
        f"{name} {row['drain_s']:.0f} s"
        for name, row in page_rows(rows).items()
        if row.get("drain_s", 0) > 1
    ]
    if slow:
        lines += [
            "",
            "Requests still running when the row ended (waited for before the next row): "
            + ", ".join(slow)
            + ".",
        ]
    return lines


def write_report(figures, dry_run=False):
    args = figures["args"]
    lines = [
        "# Benchmarks",
        "",
        f"Measured on {datetime.date.today().isoformat()} with "
        f"`.venv/bin/python bench/run.py` (wrk, 16 connections, {args['duration']} s per row): "
        f"{machine()}.",
        "Both servers run gunicorn with `gunicorn.conf.py`, 2 workers × 4 threads (gthread): "
        "the site with the production settings (`bench/settings.py`), and in the same run, for "
        "each mode, the **stock** project (`bench/stock`, `django-admin startproject` with one "
        "hello view), the ceiling the targets use. **Through middleware** is a bare view "
        "behind the site's own middleware (never cached). **Cold**: the page cache is off, "
        "every request renders its page. **Warm**: anonymous pages come from the page cache. "
        "Requests ask for gzip, like browsers do. **Real data**: the station history as "
        "`load_initial_data` loads it; **ten times the data**: plus synthetic volume (20,000 "
        "articles, 50,000 images, 1,000 galleries, station tables ten times their size; "
        "`bench/populate.py`). Pages are the same records at both sizes.",
        "",
        "## Targets (issue #19)",
        "",
        "| target | result | |",
        "|---|---|---|",
    ]
    lines += [f"| {target} | {result} | {mark} |" for target, result, mark in summary(figures)]
    lines.append("")
    for size in figures["sizes"]:
        for mode in ("cold", "warm"):
            if (size, mode) in figures["pages"]:
                lines += [f"## {mode.capitalize()}, {SIZE_NAMES[size]}", ""]
                lines += page_table(figures["pages"][(size, mode)], mode)
                lines += [
                    "",
                    "Worker RSS at the end: "
                    + ", ".join(f"{mb} MB" for mb in figures["memory"][(size, mode)])
                    + ".",
                    "",
                ]
    if figures["after_save"]:
        lines += [
            "## After a save",
            "",
            "Page cache on; 64 connections on the ten most visited pages (one wrk process per "
            "page, 6 or 7 connections each), then a published article is saved in another "
            "process (its signal moves the content generation on). Recovery: from the save to "
            "the end of the last 100 ms window with fewer than 95% cache hits. Renders: the "
            "responses after the save that were not cache hits, per page.",
            "",
            "| data | recovery | hits before the save | req/s | errors | renders per page |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for size, result in figures["after_save"].items():
            renders = ", ".join(f"{name} {n}" for name, n in result["renders"].items())
            lines.append(
                f"| {SIZE_NAMES[size]} | {result['recovery_s']:.1f} s "
                f"| {100 * result['steady_hit_share']:.1f}% | {result['rps']:.0f} "
                f"| {result['errors']} | {renders} |"
            )
        lines.append("")
    if figures["queries"]:
        sizes = list(figures["queries"])
        lines += [
            "## SQL queries per page",
            "",
            "Rendered in-process without the page cache, in a fresh process: the first render "
            "(as after a save, nothing kept per content generation yet) / the next one.",
            "",
            "| page | " + " | ".join(SIZE_NAMES[s] for s in sizes) + f" | ≤ {MAX_QUERIES} |",
            "|---|" + "---:|" * len(sizes) + "---|",
        ]
        for name in figures["queries"][sizes[0]]:
            counts = [figures["queries"][s].get(name, [0, 0, 0]) for s in sizes]
            lines.append(
                f"| {name} | "
                + " | ".join(f"{first} / {then}" for _, first, then in counts)
                + f" | {verdict(max(first for _, first, _ in counts) <= MAX_QUERIES)} |"
            )
        lines.append("")
    if figures["s3"]:
        lines += [
            "## Local media vs S3 media (issue #18)",
            "",
            f"Cold, {SIZE_NAMES[figures['sizes'][-1]]}: the same pages served with "
            "`MEDIA_STORAGE=local` and then with `MEDIA_STORAGE=s3` against a local S3 server "
            "(moto), both servers running, page by page (local, then S3).",
            "",
            "| page | local req/s | S3 req/s | S3 / local | local p99 ms | S3 p99 ms | errors |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for (media, name), local in figures["s3"].items():
            if media != "local":
                continue
            s3 = figures["s3"][("s3", name)]
            ratio = f"{100 * s3['rps'] / local['rps']:.0f}%" if local["rps"] else "–"
            lines.append(
                f"| {name} | {local['rps']:.0f} | {s3['rps']:.0f} | {ratio} "
                f"| {ms(local['p99'])} | {ms(s3['p99'])} | {local['errors'] + s3['errors']} |"
            )
        lines.append("")
    if figures["long_run"]:
        run = figures["long_run"]
        lines += [
            f"## {run['seconds']} seconds at 64 connections",
            "",
            f"Every page in turn, cold, ten times the data: {run['requests']} requests, "
            f"{run['rps']:.0f} req/s, p99 {run['p99']:.0f} ms, **{run['errors']} errors**.",
            "",
        ]
    if figures["timings"]:
        lines += [
            "## Staff and search response times (ten times the data, median of 7, in-process)",
            "",
            "| request | ms |",
            "|---|---:|",
        ]
        lines += [f"| {name} | {ms} |" for name, ms in figures["timings"].items()]
        lines.append("")
    lines += [
        "## About the measurements",
        "",
        "- PostgreSQL, Redis, wrk and both servers share the machine's cores; rows vary "
        "between runs by a few percent, more when anything else runs.",
        "- The stock view is measured before and after each mode's pages; a large gap "
        "between the two means the machine was busy with something else meanwhile.",
        "",
    ]
    text = "\n".join(lines)
    if dry_run:
        return text
    # What was written by hand below the marker (readings, Lighthouse) is kept.
    notes = ""
    if REPORT.exists() and NOTES_MARKER in REPORT.read_text():
        notes = REPORT.read_text().split(NOTES_MARKER, 1)[1]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text + "\n" + NOTES_MARKER + notes)
    print(f"wrote {REPORT.relative_to(ROOT)}")
    return text
