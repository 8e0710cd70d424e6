from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include
from django.urls import path

from media_gallery.sitemaps import SITEMAPS as GALLERY_SITEMAPS
from news.sitemaps import SITEMAPS as NEWS_SITEMAPS
from stations.sitemaps import SITEMAPS as STATION_SITEMAPS

from . import views

SITEMAPS = {**STATION_SITEMAPS, **NEWS_SITEMAPS, **GALLERY_SITEMAPS}

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("", include("stations.urls")),
    path("", include("news.urls")),
    path("search/", views.search, name="search"),
    path("gallery/", include("media_gallery.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if "debug_toolbar" in settings.INSTALLED_APPS:
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns += debug_toolbar_urls()
