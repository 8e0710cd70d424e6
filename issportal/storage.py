"""Where uploaded files live: on disk, served under MEDIA_URL, or in an S3 bucket."""

from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri


class MediaStorage(FileSystemStorage):
    """Django's file storage, with addresses made without ``urljoin``.

    A page of pictures asks for hundreds of rendition addresses, and ``urljoin``
    was most of their cost: with Django's own ``url()`` a gallery page takes 15-18%
    more CPU (1.7-2.2 ms), the gallery list 11-13%, the home page 7-9% (issue #20,
    docs/benchmarks.md). Stored names are relative paths, which Django checks when it
    saves them, so joining them to a base ending in "/" is concatenation.
    """

    def url(self, name):
        base = self.base_url
        path = filepath_to_uri(name).lstrip("/") if name is not None else ""
        if base is None or not base.endswith("/") or "./" in path:
            return super().url(name)
        return base + path


def public_read_policy(bucket: str) -> dict:
    """The bucket policy MEDIA_STORAGE=s3 needs: anyone may read an object under images/,
    nobody but the site's own key may list, write or delete.

    Objects are written with no ACL, so this policy alone makes them public; without
    ``s3:ListBucket`` an original is read only by whoever has its unguessable name.
    Apply it once, e.g. ``aws s3api put-bucket-policy --bucket B --policy file://p.json``.
    """
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicReadOfImages",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/images/*",
            }
        ],
    }
