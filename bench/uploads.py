"""Upload response times and memory, for docs/benchmarks.md ("Uploads (#16 §5)").

Runs in-process against the admin with Django's test client, on its own PostgreSQL
database and media folder, with photo-like 12-megapixel JPEGs (4000 × 3000, a gradient
under Gaussian noise, so they compress like a photograph: about 5 MB each).

    .venv/bin/python bench/uploads.py sequential   # one photo, then a bulk upload of four
    .venv/bin/python bench/uploads.py concurrent   # four bulk uploads of four at once

"concurrent" reads the peak resident memory (VmHWM) of this process, which plays one
gunicorn worker with four threads, and, when the site has a background worker, of a
`manage.py db_worker` started beside it, once every upload's renditions are made.
"""

import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "issportal_bench_uploads"
MEDIA = Path(tempfile.gettempdir()) / "issportal-bench-uploads-media"
ENV = {
    "DJANGO_SETTINGS_MODULE": "issportal.settings.dev",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-0123456789-0123456789-0123456789",
    "ALLOWED_HOSTS": "testserver",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "MEDIA_ROOT": str(MEDIA),
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))


def peak_and_current_mb(pid="self"):
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return tuple(int(fields[k].split()[0]) / 1024 for k in ("VmHWM", "VmRSS"))


_made = []


def photo():
    """A 4000 × 3000 JPEG that compresses like a photo; a new one each call (new hash)."""
    from PIL import Image, ImageDraw

    if not _made:
        size = (4000, 3000)
        ground = Image.merge(
            "RGB",
            [Image.linear_gradient("L").rotate(angle).resize(size) for angle in (0, 90, 45)],
        )
        noise = Image.merge("RGB", [Image.effect_noise(size, 40) for _ in range(3)])
        _made.append(Image.blend(ground, noise, 0.35))
    picture = _made[0].copy()
    ImageDraw.Draw(picture).text((20, 20), f"#{len(_made)}", fill=(255, 255, 255))
    _made.append(None)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def setup():
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-qc",
            f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)",
        ],
        check=True,
    )
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DB_NAME}"],
        check=True,
    )
    subprocess.run(["rm", "-rf", str(MEDIA)], check=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import User

    return User.objects.create_superuser("bench", password=None)


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def upload_one(client, data, n):
    from django.core.files.uploadedfile import SimpleUploadedFile

    started, cpu = time.perf_counter(), time.process_time()
    response = client.post(
        "/admin/media_gallery/image/add/",
        {
            "title": f"Noise {n}",
            "alt_text": "Grey noise over a gradient, a test picture",
            "upload": SimpleUploadedFile(f"noise-{n}.jpg", data, "image/jpeg"),
            "_save": "Save",
        },
    )
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    assert response.status_code == 302, response.status_code
    return elapsed


def upload_many(client, files, n):
    from django.core.files.uploadedfile import SimpleUploadedFile

    started, cpu = time.perf_counter(), time.process_time()
    response = client.post(
        "/admin/media_gallery/image/upload-many/",
        {
            "files": [
                SimpleUploadedFile(f"noise {n} {i}.jpg", data, "image/jpeg")
                for i, data in enumerate(files)
            ],
            "alt_text_prefix": "Grey noise, a test picture:",
        },
    )
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    assert response.status_code == 302, response.status_code
    return elapsed


def background_worker():
    """A `manage.py db_worker` beside this process, when the site has one."""
    from django.conf import settings

    backend = getattr(settings, "TASKS", {}).get("default", {}).get("BACKEND", "")
    if "django_tasks_db" not in backend:
        return None
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--verbosity",
            "0",
        ],
        cwd=ROOT,
        env={**os.environ, **ENV},
    )


def wait_for_renditions(count):
    from media_gallery.models import Image

    started = time.perf_counter()
    while Image.objects.exclude(renditions_status="ready").exists():
        failed = Image.objects.filter(renditions_status="failed").first()
        assert failed is None, failed.renditions_error
        time.sleep(0.2)
    assert Image.objects.count() == count
    return time.perf_counter() - started


def sequential():
    user = setup()
    client = client_for(user)
    singles = [upload_one(client, photo(), n) for n in range(3)]
    bulks = [upload_many(client, [photo() for _ in range(4)], n) for n in range(3)]
    for label, runs in (("one 12-MP photo", singles), ("bulk upload of four", bulks)):
        print(
            f"{label}: {statistics.median(t for t, _ in runs):.2f} s "
            f"(CPU {statistics.median(c for _, c in runs):.2f} s), median of 3: "
            + ", ".join(f"{t:.2f} s (CPU {c:.2f})" for t, c in runs)
        )


def concurrent():
    user = setup()
    files = [[photo() for _ in range(4)] for _ in range(4)]
    clients = [client_for(user) for _ in range(4)]
    worker = background_worker()
    time.sleep(3)  # the worker is up and idle
    _, before = peak_and_current_mb()
    times = [None] * 4

    def run(i):
        times[i] = upload_many(clients[i], files[i], i)

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    peak, _ = peak_and_current_mb()
    print(
        f"four concurrent bulk uploads of four: all answered in {wall:.2f} s; each "
        + ", ".join(f"{t:.2f}" for t, _ in sorted(times))
        + " s"
    )
    print(f"web process: {before:.0f} MB resident before, peak {peak:.0f} MB")
    if worker is not None:
        idle_peak, idle_now = peak_and_current_mb(worker.pid)
        made_in = wait_for_renditions(16)
        worker_peak, _ = peak_and_current_mb(worker.pid)
        worker.terminate()
        worker.wait(timeout=60)
        print(
            f"worker: renditions of the 16 photos done {made_in:.1f} s after the last "
            f"upload answered; peak resident memory {worker_peak:.0f} MB "
            f"({idle_now:.0f} MB idle)"
        )


if __name__ == "__main__":
    {"sequential": sequential, "concurrent": concurrent}[sys.argv[1]]()
