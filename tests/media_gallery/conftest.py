import json
import logging
import uuid
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def media_root(settings):
    """A fresh folder under the test MEDIA_ROOT for each test, so file counts are exact."""
    root = Path(settings.MEDIA_ROOT) / f"test-{uuid.uuid4().hex[:12]}"
    root.mkdir(parents=True)
    settings.MEDIA_ROOT = root
    return root


def stored_files(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


# The S3 tests' server: moto's S3-compatible server, on loopback, for the whole run.
S3_KEYS = {"MEDIA_S3_ACCESS_KEY_ID": "testing", "MEDIA_S3_SECRET_ACCESS_KEY": "testing"}
S3_REGION = "us-east-1"


@pytest.fixture(scope="session")
def s3_endpoint():
    """The address of a local S3 server, started once on a free loopback port."""
    from moto.server import ThreadedMotoServer

    # One line per request would bury a failure's own output.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_media(s3_endpoint, settings, monkeypatch):
    """The site's media in a new, empty bucket of the local S3 server, as MEDIA_STORAGE=s3
    configures it from the environment; returns a boto3 client and the bucket's name.

    The bucket keeps versions, so an object written twice under one name shows."""
    import boto3

    from issportal.settings.base import media_origin, s3_media_storage
    from issportal.storage import public_read_policy

    bucket = f"media-{uuid.uuid4().hex[:12]}"
    environment = {
        **S3_KEYS,
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_REGION": S3_REGION,
        "MEDIA_S3_ENDPOINT_URL": s3_endpoint,
        "MEDIA_S3_CUSTOM_DOMAIN": "",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=S3_REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=bucket)
    client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_read_policy(bucket)))
    storage, settings.MEDIA_URL = s3_media_storage()
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    # As base.py does: pages may load images from the bucket's origin.
    img_src = [*settings.SECURE_CSP["img-src"], *media_origin(settings.MEDIA_URL)]
    settings.SECURE_CSP = {**settings.SECURE_CSP, "img-src": img_src}
    return S3Bucket(client, bucket)


class S3Bucket:
    def __init__(self, client, name):
        self.client, self.name = client, name

    def keys(self):
        """The names of the objects in the bucket, sorted."""
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def versions(self):
        """How many times each name was written (deletions not counted)."""
        listing = self.client.list_object_versions(Bucket=self.name)
        counts = {}
        for version in listing.get("Versions", []):
            counts[version["Key"]] = counts.get(version["Key"], 0) + 1
        return counts

    def head(self, key):
        return self.client.head_object(Bucket=self.name, Key=key)
