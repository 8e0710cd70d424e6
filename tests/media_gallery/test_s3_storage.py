"""Media on object storage (MEDIA_STORAGE=s3), against a real local S3 server (moto's).

Uploads go through the admin as staff would send them; the bucket is then read with boto3
and the public page's images are fetched over HTTP, as a browser would.
"""

import html
import http.client
import re
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import TestCase
from django.urls import reverse

from issportal.roles import EDITORS, PUBLISHERS
from issportal.settings.base import MEDIA_CACHE_CONTROL, S3_MEDIA_REQUIRED, s3_media_storage
from media_gallery import renditions
from media_gallery.models import Image, Rendition
from tests.factories import UserFactory

from .conftest import S3_KEYS, stored_files
from .factories import GalleryFactory, GalleryImageFactory, image_bytes, upload

pytestmark = pytest.mark.django_db

ADD = reverse("admin:media_gallery_image_add")
BULK = reverse("admin:media_gallery_image_bulk_upload")


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(roles=[EDITORS]))


def upload_in_admin(client, width=700, height=500, title="Truss"):
    """Upload as staff do; the renditions task then runs as the worker would, after commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            ADD,
            {
                "title": title,
                "alt_text": "The truss seen from below",
                "upload": upload("truss.jpg", image_bytes(width, height)),
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Image.objects.get(title=title)


def object_names(image):
    return sorted([image.file.name, *image.renditions.values_list("file", flat=True)])


def fetch(url):
    """GET ``url`` with no credentials at all: (status, content type, body)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        connection.request("GET", parts.path)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()
    finally:
        connection.close()


def picture_urls(page):
    """Every address in the page's <picture> elements: sources' srcsets and img src."""
    pictures = re.findall(r"<picture>.*?</picture>", page, re.S)
    assert pictures, "no <picture> on the page"
    urls = set()
    for picture in pictures:
        for srcset in re.findall(r'srcset="([^"]+)"', picture):
            urls |= {item.split()[0] for item in html.unescape(srcset).split(",")}
        urls |= {html.unescape(src) for src in re.findall(r'<img src="([^"]+)"', picture)}
    return urls


def test_an_admin_upload_stores_the_original_and_renditions_in_the_bucket(
    client, editor, s3_media, media_root
):
    image = upload_in_admin(client)
    names = object_names(image)
    # 320, 640 and 700 px in each format, and the original.
    assert len(names) == 1 + 3 * len(renditions.formats())
    assert s3_media.keys() == names
    assert image.file.name.startswith("images/originals/")
    assert stored_files(media_root) == []  # nothing on the app server's disk
    # Browsers and CDNs may keep them: their names never change content.
    assert s3_media.head(names[0])["CacheControl"] == MEDIA_CACHE_CONTROL


def test_the_public_page_shows_the_bucket_objects_and_they_answer(
    client, editor, s3_media, s3_endpoint, settings
):
    image = upload_in_admin(client, 900, 600)
    gallery = GalleryFactory(slug="truss")
    GalleryImageFactory(gallery=gallery, image=image)
    client.logout()

    page = client.get(reverse("media_gallery:image_detail", args=[gallery.slug, image.pk]))
    assert page.status_code == 200
    urls = picture_urls(page.content.decode())
    bucket_url = f"{s3_endpoint}/{s3_media.name}/"
    assert bucket_url == settings.MEDIA_URL
    expected = {bucket_url + name for name in image.renditions.values_list("file", flat=True)}
    assert urls == expected
    # Plain addresses, not signed per request: a CDN can cache them.
    assert not any("?" in url for url in urls)
    assert f"img-src 'self' data: {s3_endpoint};" in page["Content-Security-Policy"]
    # Read without credentials: the bucket policy (public_read_policy) lets anyone read.
    for url in sorted(urls):
        status, content_type, body = fetch(url)
        extension = url.rsplit(".", 1)[1]
        assert (status, content_type) == (200, f"image/{extension.replace('jpg', 'jpeg')}")
        assert body


def test_a_refused_upload_leaves_the_bucket_unchanged(client, editor, s3_media):
    upload_in_admin(client)
    before = s3_media.versions()
    response = client.post(
        ADD, {"title": "x", "alt_text": "A drawing", "upload": upload("x.png", b"<svg></svg>")}
    )
    assert "This file is an SVG drawing, not a photo" in response.content.decode()
    assert s3_media.versions() == before
    assert Image.objects.count() == 1


def test_an_encoder_failing_midway_in_the_worker_leaves_no_stray_object(
    client, editor, s3_media, monkeypatch
):
    encode = renditions.encode
    calls = []

    def failing_on_the_smallest(im, fmt):
        # Widths are made largest first: by 320 px, the larger ones are in the bucket.
        calls.append(im.size)
        if im.size == (320, 240):
            raise OSError("encoder error -2")
        return encode(im, fmt)

    monkeypatch.setattr(renditions, "encode", failing_on_the_smallest)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            BULK,
            {
                "files": [
                    upload("odd size.jpg", image_bytes(800, 600)),
                    upload("solar array.jpg", image_bytes(700, 500)),
                ],
                "alt_text_prefix": "Drawing of the station:",
            },
        )
    assert response.status_code == 302  # the upload stands; the renditions failed later
    assert (800, 600) in calls  # the failed image's larger renditions were written first
    failed = Image.objects.get(title="Odd size")
    assert failed.renditions_status == Image.RenditionsStatus.FAILED
    assert failed.renditions_error == "OSError: encoder error -2"
    assert Image.objects.get(title="Solar array").renditions_status == "ready"
    # Every object in the bucket is an original or a rendition with its row: none is stray,
    # and "Make renditions again" finds the ones already made.
    assert s3_media.keys() == sorted(
        object_names(failed) + object_names(Image.objects.get(title="Solar array"))
    )


def test_deleting_an_image_in_the_admin_removes_its_objects(
    client, s3_media, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(roles=[PUBLISHERS]))
    image = upload_in_admin(client)
    kept = upload_in_admin(client, title="Cupola")
    assert len(s3_media.keys()) == len(object_names(image)) + len(object_names(kept))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:media_gallery_image_delete", args=[image.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()
    assert s3_media.keys() == object_names(kept)


def test_renditions_are_written_once_however_often_they_are_shown(client, editor, s3_media):
    image = upload_in_admin(client)
    gallery = GalleryFactory(slug="truss")
    GalleryImageFactory(gallery=gallery, image=image)
    client.logout()
    for _ in range(2):
        assert client.get(gallery.get_absolute_url()).status_code == 200
        assert client.get(f"/gallery/{gallery.slug}/{image.pk}/").status_code == 200
    Image.objects.get(pk=image.pk).get_renditions()  # another server asking, no prefetch

    assert set(s3_media.versions().values()) == {1}
    assert sorted(s3_media.versions()) == object_names(image)


def test_a_server_that_made_a_rendition_a_moment_too_late_leaves_the_object(
    client, editor, s3_media
):
    image = upload_in_admin(client)
    first = image.renditions.get(width=320, format=Rendition.Format.JPEG)
    # A second server, not yet seeing the first's row, makes the same rendition: same name.
    (again,) = renditions.make(image, [(320, Rendition.Format.JPEG)])
    assert again.pk == first.pk
    assert s3_media.head(first.file.name)["ContentLength"] > 0
    status, _, _ = fetch(first.url)
    assert status == 200


# Settings: MEDIA_STORAGE=s3 is configured from the environment, loudly.


@pytest.fixture
def s3_environment(monkeypatch):
    values = {
        **S3_KEYS,
        "MEDIA_S3_BUCKET": "iss-media",
        "MEDIA_S3_REGION": "eu-west-1",
        "MEDIA_S3_ENDPOINT_URL": "",
        "MEDIA_S3_CUSTOM_DOMAIN": "",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


@pytest.mark.parametrize("missing", S3_MEDIA_REQUIRED)
def test_a_missing_variable_is_named(s3_environment, missing):
    s3_environment.delenv(missing)
    with pytest.raises(ImproperlyConfigured, match=f"MEDIA_STORAGE=s3 needs the {missing} "):
        s3_media_storage()


def test_an_endpoint_that_is_no_url_is_refused(s3_environment):
    s3_environment.setenv("MEDIA_S3_ENDPOINT_URL", "127.0.0.1:9000")
    with pytest.raises(ImproperlyConfigured, match="MEDIA_S3_ENDPOINT_URL must be an http"):
        s3_media_storage()


@pytest.mark.parametrize(
    ("endpoint", "custom_domain", "media_url"),
    [
        ("", "", "https://iss-media.s3.eu-west-1.amazonaws.com/"),
        ("http://127.0.0.1:9000", "", "http://127.0.0.1:9000/iss-media/"),
        ("https://abc.r2.cloudflarestorage.com", "media.example.org", "https://media.example.org/"),
        ("", "cdn.example.org/iss/", "https://cdn.example.org/iss/"),
    ],
)
def test_public_addresses_are_plain_and_unsigned(
    s3_environment, endpoint, custom_domain, media_url
):
    from storages.backends.s3 import S3Storage

    s3_environment.setenv("MEDIA_S3_ENDPOINT_URL", endpoint)
    s3_environment.setenv("MEDIA_S3_CUSTOM_DOMAIN", custom_domain)
    storage, url = s3_media_storage()
    assert url == media_url
    name = "images/renditions/ab/abcdef/640.webp"
    assert S3Storage(**storage["OPTIONS"]).url(name) == media_url + name


def test_the_default_is_local_files_s3_is_read_from_the_environment_others_are_refused():
    from tests.issportal.test_operations import PRODUCTION_ENV, python

    code = (
        "from django.conf import settings\n"
        "print(settings.STORAGES['default']['BACKEND'], settings.MEDIA_URL)\n"
        "print(*settings.SECURE_CSP['img-src'])"
    )
    local = python(code, "issportal.settings.dev", MEDIA_STORAGE="")
    assert local.stdout.split() == ["issportal.storage.MediaStorage", "/media/", "'self'", "data:"]
    s3 = python(
        code,
        "issportal.settings.production",
        **PRODUCTION_ENV,
        **S3_KEYS,
        MEDIA_STORAGE="s3",
        MEDIA_S3_BUCKET="iss-media",
        MEDIA_S3_REGION="auto",
        MEDIA_S3_ENDPOINT_URL="https://abc.r2.cloudflarestorage.com",
        MEDIA_S3_CUSTOM_DOMAIN="media.example.org",
    )
    assert s3.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "https://media.example.org/",
        "'self'",
        "data:",
        "https://media.example.org",
    ], s3.stderr
    unknown = python(code, "issportal.settings.dev", MEDIA_STORAGE="ftp")
    assert unknown.returncode != 0
    assert "MEDIA_STORAGE must be local or s3, not 'ftp'." in unknown.stderr
