#!/usr/bin/env python
"""Lighthouse scores for the home page, the expedition list, an article and a gallery.

    npm install --prefix /tmp/lh lighthouse@12.2.3
    .venv/bin/python bench/lighthouse.py --lighthouse /tmp/lh/node_modules/.bin/lighthouse

Runs the production configuration under gunicorn on the benchmark database
(bench/run.py builds it), behind a small stand-in for the production web server:
it forwards pages with X-Forwarded-Proto: https, as the TLS proxy does, and serves
/media/ from MEDIA_ROOT. Lighthouse drives the system Chromium.
"""

import argparse
import http.client
import json
import mimetypes
import os
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import ROOT  # noqa: E402
from bench.run import Server  # noqa: E402
from bench.run import environment  # noqa: E402
from bench.run import free_port  # noqa: E402
from bench.run import pick_urls  # noqa: E402

CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade"}


def proxy_handler(upstream_port, media_root):
    media_root = Path(media_root).resolve()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_HEAD(self):
            self.do_GET(head=True)

        def do_GET(self, head=False):
            if self.path.startswith("/media/"):
                return self.media(head)
            upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["X-Forwarded-Proto"] = "https"
            headers["X-Forwarded-For"] = self.client_address[0]
            upstream.request(self.command, self.path, headers=headers)
            response = upstream.getresponse()
            body = response.read()
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP | {"content-length"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)
            upstream.close()

        def media(self, head):
            path = (media_root / self.path.split("?")[0].removeprefix("/media/")).resolve()
            if not path.is_relative_to(media_root) or not path.is_file():
                self.send_error(404)
                return
            body = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "image/avif")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
            self.end_headers()
            if not head:
                self.wfile.write(body)

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lighthouse", default="lighthouse", help="path to the lighthouse CLI")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    urls = pick_urls()
    pages = {
        "`/`": urls["home"],
        "`/expeditions/`": "/expeditions/",
        "an article": urls["an article"],
        "a gallery": urls["a gallery"],
    }
    scores = {}
    with Server(page_cache=False) as server:
        proxy = ThreadingHTTPServer(
            ("127.0.0.1", free_port()),
            proxy_handler(server.port, environment()["MEDIA_ROOT"]),
        )
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{proxy.server_address[1]}"
        with tempfile.TemporaryDirectory() as tmp:
            for name, path in pages.items():
                report = Path(tmp) / "report.json"
                subprocess.run(
                    [
                        args.lighthouse,
                        base + path,
                        "--quiet",
                        "--output=json",
                        f"--output-path={report}",
                        f"--chrome-flags={CHROME_FLAGS}",
                        f"--only-categories={','.join(CATEGORIES)}",
                    ],
                    env={**os.environ, "CHROME_PATH": args.chromium},
                    check=True,
                    cwd=ROOT,
                )
                result = json.loads(report.read_text())
                categories = result["categories"]
                scores[name] = {c: round(categories[c]["score"] * 100) for c in CATEGORIES}
                failing = [
                    audit["id"]
                    for audit in result["audits"].values()
                    if audit.get("score") is not None
                    and audit["score"] < 1
                    and audit.get("scoreDisplayMode") == "binary"
                ]
                print(name, scores[name], "failing:", ", ".join(failing) or "none", flush=True)
        proxy.shutdown()
    print("\n| page | performance | accessibility | best practices | SEO |")
    print("|---|---:|---:|---:|---:|")
    for name, row in scores.items():
        print(f"| {name} | " + " | ".join(str(row[c]) for c in CATEGORIES) + " |")


if __name__ == "__main__":
    main()
