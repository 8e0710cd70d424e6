import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.storage import default_storage

from issportal.storage import MediaStorage

NAMES = [
    "renditions/ab/cd/zarya-640.webp",
    "images/2010/Soyuz TMA-16 docking.jpg",
    "images/crew#1?.jpg",
    "images/Крикалёв & Gidzenko.jpg",
    "images/50%.png",
    "/images/leading-slash.jpg",
    "images/./dot.jpg",
    "images/../up.jpg",
    "",
]


@pytest.mark.parametrize("base_url", ["/media/", "https://media.example.org/iss/", "/media"])
@pytest.mark.parametrize("name", NAMES)
def test_addresses_are_the_ones_django_makes(tmp_path, base_url, name):
    django_made = FileSystemStorage(location=tmp_path, base_url=base_url).url(name)
    assert MediaStorage(location=tmp_path, base_url=base_url).url(name) == django_made


def test_the_site_stores_uploads_with_it():
    assert isinstance(default_storage, MediaStorage)
