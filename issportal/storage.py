"""Where uploaded files live: on disk, served under MEDIA_URL."""

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
