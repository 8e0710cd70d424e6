"""The site's URLs plus /media/, for live-server tests.

The live server runs with DEBUG off, so nothing serves uploaded media; tests that show
pictures point ROOT_URLCONF here (the `serve_media` fixture in tests/browser/conftest.py).
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from issportal.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.+)$", media), *site_urlpatterns]
