#!/usr/bin/env python
"""Run the production settings under gunicorn on loopback and check them from outside.

Checks the security headers, the HTTPS redirect, the login lockout, that an image
uploaded in the admin gets its renditions from the background worker (`manage.py
db_worker`, started beside gunicorn as in production), that two app servers with their
media in one S3 bucket (a local moto server) show each other's uploads and edits at once,
and that the site recovers by itself after the PostgreSQL server restarts. Needs PostgreSQL
on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379; CI runs it last,
because it restarts the PostgreSQL server.

    .venv/bin/python scripts/check_production.py
"""

import io
import json
import logging
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
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from issportal.storage import public_read_policy  # noqa: E402

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


def start_server(port, log=None, env=ENV):
    return subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "PORT": str(port)},
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


def start_worker(env=ENV, log=None):
    """The background worker, as production runs it beside gunicorn."""
    return subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.5"],
        cwd=ROOT,
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )


def stop(process):
    """End the process and everything it started (its process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def noise_photo():
    """A JPEG of grey noise: it compresses like a photograph, so it makes real renditions."""
    photo = io.BytesIO()
    Image.effect_noise((1200, 900), 60).convert("RGB").save(photo, "JPEG", quality=90)
    return photo.getvalue()


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
    content_type, body = multipart(
        {
            "csrfmiddlewaretoken": token,
            "title": "Noise over the Pacific",
            "alt_text": "Grey noise, a test picture",
            "_save": "Save",
        },
        {"upload": ("noise.jpg", "image/jpeg", noise_photo())},
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


class FormFields(HTMLParser):
    """What a browser submits from the page's form with the id ``form_id``: its inputs
    (checked boxes only; no files or buttons), textareas and selected options, as [name,
    value] pairs."""

    def __init__(self, page, form_id):
        super().__init__()
        self.form_id = form_id
        self.fields, self.in_form = [], False
        self.textarea = self.select = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.in_form = True
        if not self.in_form:
            return
        name, kind = attrs.get("name"), (attrs.get("type") or "text").lower()
        if tag == "input" and name and kind not in {"submit", "button", "file", "image"}:
            if kind not in {"checkbox", "radio"}:
                self.fields.append([name, attrs.get("value") or ""])
            elif "checked" in attrs:
                self.fields.append([name, attrs.get("value") or "on"])
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
            self.fields.append(self.textarea)
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append([self.select, attrs.get("value") or ""])

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            # Browsers drop the newline that follows <textarea>.
            self.textarea[1] = self.textarea[1].removeprefix("\n")
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form" and self.in_form:
            self.in_form = False


def sign_in(port, username, password, code=""):
    """Sign in to the admin of the server on ``port``; the request headers that carry the
    session. The cookies are Secure, so they are carried by hand over this plain connection."""
    _, headers, page = fetch("/admin/login/", port=port)
    csrf = cookie(headers, "csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {
        "csrfmiddlewaretoken": token,
        "username": username,
        "password": password,
        "otp_token": code,
    }
    status, headers, _ = fetch(
        "/admin/login/?next=/admin/",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Referer": f"https://127.0.0.1:{port}/admin/", "Cookie": f"csrftoken={csrf}"},
        port=port,
    )
    session = cookie(headers, "sessionid")
    check(status == 302 and session, f"{username} signs in on the server at port {port}")
    return {
        "Cookie": f"csrftoken={csrf}; sessionid={session}",
        "Referer": f"https://127.0.0.1:{port}/admin/",
    }


def bucket_status(url):
    """The HTTP status of an object's public URL, fetched without credentials."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def log_tail(name, log, lines=20):
    log.flush()
    log.seek(0)
    tail = log.read().splitlines()[-lines:]
    print(f"-- last lines of the log of {name}:", *tail, sep="\n    ", file=sys.stderr)


def check_two_servers_share_one_bucket():
    """Two app servers with their media in one S3 bucket, one PostgreSQL and one Redis,
    as behind a load balancer: what is uploaded or edited on A is shown by B at once."""
    started = time.monotonic()
    from moto.server import ThreadedMotoServer

    # One line per request to the S3 server would bury the check's own lines.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    s3.start()
    s3_host, s3_port = s3.get_host_and_port()
    endpoint = f"http://{s3_host}:{s3_port}"
    bucket = "prodcheck-media"
    env = {
        **ENV,
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_REGION": "us-east-1",
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_ACCESS_KEY_ID": "prodcheck",
        "MEDIA_S3_SECRET_ACCESS_KEY": "prodcheck",
        "MEDIA_S3_CUSTOM_DOMAIN": "",
    }
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=env["MEDIA_S3_REGION"],
        aws_access_key_id=env["MEDIA_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=env["MEDIA_S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=bucket)
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_read_policy(bucket)))
    print(f"ok: an S3 server runs at {endpoint}, with the bucket {bucket} and its policy")
    # A Publisher (with a recovery code for the second factor) and a published gallery.
    manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User; "
        "from django_otp.plugins.otp_static.models import StaticDevice; "
        "from media_gallery.models import Gallery; "
        "pia = User.objects.create_user('pia', password='a publisher passphrase', "
        "is_staff=True); "
        "pia.groups.add(Group.objects.get(name='Publishers')); "
        "StaticDevice.objects.create(user=pia, name='Recovery codes', confirmed=True)"
        ".token_set.create(token='prodcheck2fa'); "
        "Gallery.objects.create(title='Shared gallery', slug='shared', "
        "description='Pictures seen from both servers.', status='published')",
    )

    port_a, port_b = free_port(), free_port()
    logs = {name: tempfile.TemporaryFile("w+") for name in ("server A", "server B", "worker")}  # noqa: SIM115
    processes = [
        start_server(port_a, log=logs["server A"], env=env),
        start_server(port_b, log=logs["server B"], env=env),
        start_worker(env=env, log=logs["worker"]),
    ]
    try:
        for name, port in (("A", port_a), ("B", port_b)):
            check(
                wait_for(lambda port=port: fetch("/healthz", port=port)[0] == 200, 30),
                f"server {name} runs with MEDIA_STORAGE=s3 on port {port}",
            )
        gallery = "/gallery/shared/"
        for _ in range(2):
            _, headers, page = fetch(gallery, port=port_b)
        check(
            headers.get("X-Cache") == "hit" and "Pictures seen from both servers." in page,
            "server B caches the published gallery's page",
        )

        session = sign_in(port_a, "pia", "a publisher passphrase", code="prodcheck2fa")
        _, headers, _ = fetch("/admin/", headers=session, port=port_a)
        check(headers.get("Location") is None, "the Publisher is signed in with two factors")
        _, _, page = fetch("/admin/media_gallery/image/upload-many/", headers=session, port=port_a)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        gallery_pk = re.search(r'<option value="(\d+)">Shared gallery</option>', page).group(1)
        content_type, body = multipart(
            {
                "csrfmiddlewaretoken": token,
                "alt_text_prefix": "Grey noise, uploaded on A:",
                "gallery": gallery_pk,
            },
            {"files": ("shared-noise.jpg", "image/jpeg", noise_photo())},
        )
        status, _, _ = fetch(
            "/admin/media_gallery/image/upload-many/",
            data=body,
            headers={**session, "Content-Type": content_type},
            port=port_a,
        )
        check(status == 302, "server A takes an image uploaded into the gallery")
        originals = [
            item["Key"]
            for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])
            if "/renditions/" not in item["Key"]
        ]
        check(len(originals) == 1, f"the original is stored in the bucket ({originals})")

        _, _, listing = fetch("/admin/media_gallery/image/", headers=session, port=port_b)
        change_url = re.search(r'href="(/admin/media_gallery/image/\d+/change/)"', listing)
        check(change_url, "server B lists the image in its admin at once")
        status, _, page = fetch(change_url.group(1), headers=session, port=port_b)
        check(
            status == 200 and 'value="Shared noise"' in page,
            "server B shows the image's change page at once",
        )
        _, headers, page = fetch(gallery, port=port_b)
        check(
            'alt="Grey noise, uploaded on A: Shared noise"' in page,
            "server B's gallery page shows the image at once",
        )

        def bucket_picture():
            _, _, page = fetch(gallery, port=port_b)
            picture = re.search(r"<picture>.*?</picture>", page, re.S)
            srcsets = re.findall(r'srcset="([^"]+)"', picture.group(0)) if picture else []
            urls = [entry.split()[0] for srcset in srcsets for entry in srcset.split(", ")]
            return urls if urls and all("/renditions/" in url for url in urls) else None

        check(wait_for(bucket_picture, 60), "the worker makes the renditions")
        urls = bucket_picture()
        check(
            all(url.startswith(f"{endpoint}/{bucket}/images/") for url in urls),
            f"server B's <picture> sources are bucket URLs ({len(urls)})",
        )
        statuses = {bucket_status(url) for url in urls}
        check(statuses == {200}, f"every one of them answers 200 ({statuses})")

        for _ in range(2):
            _, headers, _ = fetch(gallery, port=port_b)
        check(headers.get("X-Cache") == "hit", "server B caches the gallery's page again")
        change = f"/admin/media_gallery/gallery/{gallery_pk}/change/"
        _, _, page = fetch(change, headers=session, port=port_a)
        form = FormFields(page, "gallery_form").fields
        for field in form:
            if field[0] == "description":
                field[1] = "Pictures seen from both servers, edited on A."
        form.append(["_save", "Save"])
        status, _, page = fetch(
            change,
            data=urllib.parse.urlencode([tuple(field) for field in form]).encode(),
            headers=session,
            port=port_a,
        )
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
        check(
            status == 302,
            "the Publisher saves the gallery's new text on server A"
            + (f": {' '.join(errors)}" if errors else ""),
        )
        _, headers, page = fetch(gallery, port=port_b)
        check(
            "edited on A." in page and headers.get("X-Cache") == "miss",
            "server B's public page shows the new text at once",
        )
    except BaseException:
        for name, log in logs.items():
            log_tail(name, log)
        raise
    finally:
        for process in processes:
            stop(process)
        for log in logs.values():
            log.close()
        s3.stop()
    print(f"ok: two servers, one truth, in {time.monotonic() - started:.0f} s")


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
        # Its own worker, with the bucket, makes the renditions of what follows.
        stop(worker)
        check_two_servers_share_one_bucket()

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
            stop(process)
        server_log.close()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    print("Production check passed.")


if __name__ == "__main__":
    main()
