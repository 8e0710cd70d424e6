"""A newcomer's first run: the README's `make run` in a fresh clone, to a working site.

Clones the commit under test into an empty folder, runs `make run` there on a free port
with the default settings (SQLite, nothing made by hand), waits until `/` and
`/admin/login/` answer 200, signs in with the one-time password it printed, checks that the
background worker runs beside the server, and stops them, checking that none is left.
Standard library only; `.ci/run` runs it.

    python3 scripts/check_first_run.py [--timeout SECONDS] [--keep]
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def processes_in_group(group, pattern=""):
    """The command lines of the live processes in session ``group`` (make run's own) that hold
    ``pattern`` (zombies, already ended, are left out)."""
    found = subprocess.run(
        ["ps", "-o", "stat=,args=", "-s", str(group)], capture_output=True, text=True
    )
    rows = [line.strip().split(None, 1) for line in found.stdout.splitlines() if line.strip()]
    return [row[-1] for row in rows if not row[0].startswith("Z") and pattern in row[-1]]


def sign_in(base, username, password):
    """Log in through the admin's own form; return the admin index page's HTML."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(f"{base}/admin/login/", timeout=10) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": "/admin/",
        }
    ).encode()
    with opener.open(f"{base}/admin/login/", data=data, timeout=10) as response:
        return response.geturl(), response.read().decode()


def fail(message, log):
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
    raise SystemExit(f"FAIL: {message}\n--- last lines of the make run log ---\n{tail}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=int, default=300, help="seconds to wait for the site")
    parser.add_argument("--keep", action="store_true", help="keep the clone afterwards")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="issportal-first-run-"))
    clone, log = folder / "issportal", folder / "make-run.log"
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "checkout", "--quiet", commit], cwd=clone, check=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT", "DEBUG"}
    }
    env["PORT"] = str(port)
    started = time.monotonic()
    with log.open("w") as out:
        # Its own process group, so that the server and its autoreloader stop together.
        server = subprocess.Popen(
            ["make", "run"],
            cwd=clone,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        print(f"make run in a fresh clone of {commit[:10]} at {clone}, port {port}")
        deadline = started + args.timeout
        while status_of(f"{base}/") != 200:
            if server.poll() is not None:
                fail(f"make run stopped (exit {server.returncode}) before serving /", log)
            if time.monotonic() > deadline:
                fail(f"/ did not answer 200 within {args.timeout} s", log)
            time.sleep(2)
        print(f"ok: / answers 200, {time.monotonic() - started:.0f} s after make run began")
        if status_of(f"{base}/admin/login/") != 200:
            fail("/admin/login/ does not answer 200", log)
        print("ok: /admin/login/ answers 200")

        printed = log.read_text(errors="replace")
        account = re.search(r"user: (\S+)\n\s*password: (\S+)", printed)
        if not account:
            fail("make run printed no one-time staff password", log)
        final_url, page = sign_in(base, *account.groups())
        if not final_url.endswith("/admin/") or "Log out" not in page:
            fail(f"the printed password did not sign in (ended at {final_url})", log)
        print("ok: the printed one-time password signs in to the admin")
        if not processes_in_group(server.pid, "manage.py db_worker"):
            fail("no background worker (manage.py db_worker) runs beside the server", log)
        print("ok: the background worker runs beside the server")
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        # The worker finishes its task and exits; give it the time a task takes.
        deadline = time.monotonic() + 20
        while processes_in_group(server.pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        left = processes_in_group(server.pid)
        if left:
            os.killpg(server.pid, signal.SIGKILL)
            raise SystemExit(f"FAIL: processes left running after make run stopped: {left}")
        print("ok: stopping make run stops the server and the worker")
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print("First run passed.")


if __name__ == "__main__":
    main()
