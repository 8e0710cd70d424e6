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
