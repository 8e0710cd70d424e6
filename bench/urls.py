from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from issportal.urls import urlpatterns as site_urlpatterns


@require_GET
def ceiling(request):
    """The least a Django page can do, through the site's own middleware."""
    return HttpResponse("<!doctype html><title>ceiling</title><p>ok</p>")


urlpatterns = [path("bench/ceiling/", ceiling), *site_urlpatterns]
