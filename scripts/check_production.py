#!/usr/bin/env python
"""Run the production settings under gunicorn on loopback and check them from outside.

Checks the security headers, the HTTPS redirect, the login lockout, that an image
uploaded in the admin gets its renditions from the background worker (`manage.py
db_worker`, started beside gunicorn as in production), and that the site recovers by
itself after the PostgreSQL server restarts. Needs PostgreSQL on
127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379; CI runs it last,
because it restarts the PostgreSQL server.

    .venv/bin/python scripts/check_production.py
"""

import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB_NAME = "issportal_prodcheck"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PORT = free_port()
BASE = f"http://127.0.0.1:{PORT}"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="issportal-prodcheck-media-"))
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))},
    "DJANGO_SETTINGS_MODULE": "issportal.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "PORT": str(PORT),
    "ACCESS_LOG": "/dev/null",
    "MEDIA_ROOT": str(MEDIA_ROOT),
}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(path, https=True, data=None, headers=None, port=None):
    base = f"http://127.0.0.1:{port}" if port else BASE
    request = urllib.request.Request(base + path, data=data, headers=headers or {})
    if https:
        request.add_header("X-Forwarded-Proto", "https")
    try:
        with urllib.request.build_opener(NoRedirect()).open(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def start_server(port, log=None):
    return subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env={**ENV, "PORT": str(port)},
        stderr=log,
        start_new_session=True,
    )


def logged_lines(log):
    """The server's log lines so far, each parsed as the JSON object it must be."""
    log.flush()
    log.seek(0)
    return [json.loads(line) for line in log.read().splitlines() if line.strip()]


def cookie(headers, name):
    for value in headers.get_all("Set-Cookie") or []:
        if match := re.match(rf"{name}=([^;]+)", value):
            return match.group(1)
    return None


def check_two_servers_share_changes(second_port):
    """A change saved in the admin of one app server shows at once on the other."""
    check(
        wait_for(lambda: fetch("/healthz", port=second_port)[0] == 200, 30), "a second server runs"
    )
    for _ in range(2):
        status, headers, page = fetch("/data-sources/", port=second_port)
    check(headers.get("X-Cache") == "hit" and "Checked source" in page, "the second server caches")

    # The cookies are Secure, so they are carried by hand over this plain connection.
    _, headers, page = fetch("/admin/login/")
    csrf = cookie(headers, "csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    referer = {"Referer": f"https://127.0.0.1:{PORT}/admin/"}

    def log_in(username, password):
        form = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        status, headers, _ = fetch(
            "/admin/login/?next=/admin/",
            data=urllib.parse.urlencode(form).encode(),
            headers={**referer, "Cookie": f"csrftoken={csrf}"},
        )
        return status, cookie(headers, "sessionid")

    status, session = log_in("grace", "another long passphrase")
    _, headers, _ = fetch("/admin/", headers={"Cookie": f"csrftoken={csrf}; sessionid={session}"})
    check(
        headers.get("Location") == "/admin/two-factor/",
        "a superuser signed in with a password alone must set up two-factor first",
    )
    status, session = log_in("lin", "a third passphrase")
    check(status == 302 and session, "staff log in on the first server")
    cookies = {"Cookie": f"csrftoken={csrf}; sessionid={session}"}
    _, _, page = fetch("/admin/stations/datasource/", headers=cookies)
    change_url = re.search(
        r'href="(/admin/stations/datasource/\d+/change/)"[^>]*>Checked source', page
    ).group(1)
    _, headers, page = fetch(change_url, headers=cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {
        "csrfmiddlewaretoken": token,
        "key": "check",
        "name": "Renamed on the first server",
        "url": "",
        "license": "CC0",
        "credit": "",
        "current_to": "",
        "_save": "Save",
    }
    status, _, _ = fetch(
        change_url, data=urllib.parse.urlencode(form).encode(), headers={**referer, **cookies}
    )
    check(status == 302, "the change is saved through the first server")
    _, headers, page = fetch("/data-sources/", port=second_port)
    check(
        "Renamed on the first server" in page and headers.get("X-Cache") == "miss",
        "the second server shows the change at once",
    )


def start_worker():
    """The background worker, as production runs it beside gunicorn."""
    return subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.5"],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )


def multipart(fields, files):
    """A multipart/form-data body: (content type, bytes)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    for name, (filename, content_type, data) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def check_uploads_get_renditions_in_the_background():
    """An image uploaded in the admin is saved at once; the worker makes its renditions."""
    _, headers, page = fetch("/admin/login/")
    csrf = cookie(headers, "csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    referer = {"Referer": f"https://127.0.0.1:{PORT}/admin/"}
    form = {"csrfmiddlewaretoken": token, "username": "eda", "password": "an editor passphrase"}
    status, headers, _ = fetch(
        "/admin/login/?next=/admin/",
        data=urllib.parse.urlencode(form).encode(),
        headers={**referer, "Cookie": f"csrftoken={csrf}"},
    )
    session = cookie(headers, "sessionid")
    check(status == 302 and session, "an editor logs in")
    cookies = {"Cookie": f"csrftoken={csrf}; sessionid={session}"}
    _, _, page = fetch("/admin/media_gallery/image/add/", headers=cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    photo = io.BytesIO()
    Image.effect_noise((1200, 900), 60).convert("RGB").save(photo, "JPEG", quality=90)
    content_type, body = multipart(
        {
            "csrfmiddlewaretoken": token,
            "title": "Noise over the Pacific",
            "alt_text": "Grey noise, a test picture",
            "_save": "Save",
        },
        {"upload": ("noise.jpg", "image/jpeg", photo.getvalue())},
    )
    status, headers, _ = fetch(
        "/admin/media_gallery/image/add/",
        data=body,
        headers={**referer, **cookies, "Content-Type": content_type},
    )
    check(status == 302, "an image uploaded in the admin is saved")
    _, _, listing = fetch("/admin/media_gallery/image/", headers=cookies)
    change_url = re.search(r'href="(/admin/media_gallery/image/\d+/change/)"', listing).group(1)

    def renditions_shown():
        _, _, page = fetch(change_url, headers=cookies)
        return ">Ready<" in page and re.findall(r'src="/media/(images/renditions/[^"]+)"', page)

    check(wait_for(renditions_shown, 60), "the background worker makes its renditions")
    made = sorted((MEDIA_ROOT / "images" / "renditions").rglob("*.*"))
    check(
        len(made) >= 10 and all(path.stat().st_size > 0 for path in made),
        f"its rendition files are stored ({len(made)})",
    )


def check(condition, message):
    if not condition:
        raise SystemExit(f"FAIL: {message}")
    print(f"ok: {message}")


def manage(*args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def psql(sql):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql], check=True
    )


def restart_postgresql():
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )


def wait_for(predicate, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def main():
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB_NAME}")
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "User.objects.create_user('ada', password='correct horse battery', is_staff=True); "
        "User.objects.create_superuser('grace', password='another long passphrase'); "
        "from django.contrib.auth.models import Group; "
        "User.objects.create_user('lin', password='a third passphrase', is_staff=True)"
        ".groups.add(Group.objects.get(name='Data editors')); "
        "User.objects.create_user('eda', password='an editor passphrase', is_staff=True)"
        ".groups.add(Group.objects.get(name='Editors')); "
        "from stations.models import DataSource; "
        "DataSource.objects.create(key='check', name='Checked source', license='CC0')",
    )
    # Open until the script ends; the finally below closes it.
    server_log = tempfile.TemporaryFile("w+")  # noqa: SIM115
    server = start_server(PORT, log=server_log)
    second_port = free_port()
    second = start_server(second_port)
    worker = start_worker()
    try:
        check(wait_for(lambda: fetch("/healthz")[0] == 200, 30), "gunicorn serves /healthz")

        status, headers, _ = fetch("/", https=False)
        check(
            status == 301 and headers["Location"].startswith("https://"),
            "plain HTTP redirects to HTTPS",
        )

        status, headers, html = fetch("/")
        check(status == 200 and "ISS Portal" in html, "home page renders")
        request_id = headers.get("X-Request-ID", "")
        check(len(request_id) == 32, "the response carries a request id")
        check(
            wait_for(
                lambda: any(
                    line.get("request_id") == request_id
                    and line.get("path") == "/"
                    and line.get("status") == 200
                    and isinstance(line.get("duration_ms"), float)
                    for line in logged_lines(server_log)
                ),
                5,
            ),
            "the request is logged as one JSON line with its id, path, status and duration",
        )
        csp = headers.get("Content-Security-Policy", "")
        check("default-src 'self'" in csp and "unsafe-inline" not in csp, "strict CSP")
        check("max-age=31536000" in headers.get("Strict-Transport-Security", ""), "HSTS")
        check(headers.get("X-Content-Type-Options") == "nosniff", "nosniff")
        check(
            headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", "Referrer-Policy"
        )
        check(headers.get("X-Frame-Options") == "DENY", "X-Frame-Options")
        status, headers, _ = fetch("/static/css/site.css")
        check(status == 200, "static files are served by WhiteNoise")

        status, _, _ = fetch("/", headers={"Host": "evil.example"})
        check(status == 400, "unknown hosts are refused")

        # The CSRF cookie is Secure, so it is carried by hand over this plain connection.
        _, headers, page = fetch("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        csrf_cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
        statuses = []
        for _ in range(6):
            form = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "username": "ada",
                    "password": "wrong",
                    "next": "/admin/",
                }
            ).encode()
            status, _, body = fetch(
                "/admin/login/",
                data=form,
                headers={
                    "Referer": f"https://127.0.0.1:{PORT}/admin/login/",
                    "Cookie": f"csrftoken={csrf_cookie}",
                },
            )
            statuses.append(status)
        check(statuses[:4] == [200] * 4, "bad logins get the login form again")
        check(
            statuses[-1] == 429 and "Too many failed logins" in body,
            "lockout after repeated bad logins",
        )

        check_two_servers_share_changes(second_port)
        check_uploads_get_renditions_in_the_background()

        pids_before = subprocess.run(
            ["pgrep", "-g", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        restart_postgresql()
        check(
            wait_for(lambda: fetch("/healthz")[0] == 200 and fetch("/")[0] == 200, 30),
            "the site recovers by itself after PostgreSQL restarts",
        )
        pids_after = subprocess.run(
            ["pgrep", "-g", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        check(pids_before == pids_after, "no worker was restarted to recover")
    finally:
        for process in (server, second, worker):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        server_log.close()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    print("Production check passed.")


if __name__ == "__main__":
    main()
