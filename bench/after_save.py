"""After a save: how long until the page cache serves hits again, and how often each
page is rendered meanwhile (a stampede renders one page in many workers at once).

64 connections load the ten most visited pages with the page cache on. wrk cannot tell
which address a response answers, so each page gets its own wrk process (one thread,
six or seven connections); a Lua ``response()`` writes one line per response with the
wall clock (clock_gettime through LuaJIT's ffi), the status and the X-Cache header.
A separate process, with Django already set up, saves a published article on cue; its
signal moves the content generation on, as an editor's save does.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.wrk import command as wrk_command

WINDOW = 0.1  # seconds: hit ratios are counted per window
RECOVERED = 0.95  # share of hits that counts as recovered

LUA = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local now = ffi.new("bench_timespec")
local out = nil

function init(args)
  out = io.open(os.getenv("BENCH_RESPONSES"), "w")
end

function response(status, headers, body)
  ffi.C.clock_gettime(0, now)  -- CLOCK_REALTIME, comparable with the saver's clock
  local cache = headers["X-Cache"] or headers["x-cache"] or "-"
  out:write(tonumber(now.tv_sec), ".", string.format("%06d", tonumber(now.tv_nsec) / 1000),
            " ", status, " ", cache, "\\n")
end
"""

SAVER = """
import sys
import django
django.setup()
from bench.pages import save_an_article
print("ready", flush=True)
sys.stdin.readline()
print(save_an_article(), flush=True)
"""


def share_connections(pages, connections):
    base, extra = divmod(connections, len(pages))
    return {name: base + (1 if i < extra else 0) for i, name in enumerate(pages)}


def measure(port, urls, env, workdir, *, connections=64, before=5, after=10, cwd=None):
    """Load ``urls`` (name -> path) on the server at ``port``; save content ``before``
    seconds in; return the figures (see ``analyse``)."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    script = workdir / "after-save.lua"
    script.write_text(LUA)
    saver = subprocess.Popen(
        [sys.executable, "-c", SAVER],
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    if saver.stdout.readline().strip() != "ready":
        raise SystemExit("the saving process did not start")
    files = {}
    loaders = []
    for index, (name, count) in enumerate(share_connections(list(urls), connections).items()):
        files[name] = workdir / f"after-save-{index}.log"
        loaders.append(
            subprocess.Popen(
                wrk_command(
                    port,
                    urls[name],
                    threads=1,
                    connections=count,
                    duration=before + after,
                    script=script,
                ),
                env={**os.environ, "BENCH_RESPONSES": str(files[name])},
                stdout=subprocess.DEVNULL,
            )
        )
    time.sleep(before)
    saver.stdin.write("go\n")
    saver.stdin.flush()
    answer = saver.stdout.readline().strip()
    saver.wait(timeout=30)
    if not answer:
        raise SystemExit("the saving process failed (its error is above)")
    saved_at = float(answer)
    for loader in loaders:
        loader.wait(timeout=before + after + 30)
    responses = {name: read(path) for name, path in files.items()}
    return analyse(responses, saved_at, before)


def read(path):
    rows = []
    for line in Path(path).read_text().splitlines():
        when, status, cache = line.split()
        rows.append((float(when), int(status), cache == "hit"))
    return rows


def analyse(responses, saved_at, before):
    """responses: page -> [(time, status, hit)]. The recovery time is from the save to the
    end of the last 100 ms window after it with fewer than 95% hits."""
    rows = sorted(row for page_rows in responses.values() for row in page_rows)
    steady = [hit for when, _, hit in rows if saved_at - min(2, before / 2) <= when < saved_at]
    after = [(when, hit) for when, _, hit in rows if when >= saved_at]
    windows = {}
    for when, hit in after:
        window = int((when - saved_at) / WINDOW)
        hits, total = windows.get(window, (0, 0))
        windows[window] = (hits + hit, total + 1)
    last = max(windows) if windows else 0
    # The last window may be cut short by wrk's end: ignore it.
    slow = [w for w, (hits, total) in windows.items() if w < last and hits < RECOVERED * total]
    recovery = (max(slow) + 1) * WINDOW if slow else 0.0
    renders = {
        page: sum(1 for when, _, hit in page_rows if when >= saved_at and not hit)
        for page, page_rows in responses.items()
    }
    return {
        "recovery_s": round(recovery, 2),
        "steady_hit_share": round(sum(steady) / len(steady), 4) if steady else 0.0,
        "renders": renders,
        "max_renders": max(renders.values()) if renders else 0,
        "responses": len(rows),
        "errors": sum(1 for _, status, _ in rows if status != 200),
        "rps": round(len(rows) / (rows[-1][0] - rows[0][0]), 1) if len(rows) > 1 else 0.0,
    }
