from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import home, views

# The project's top: where the apps' pages are mounted. The sitemap holds the sections
# the apps registered.
urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("", include("stations.urls")),
    path("", include("news.urls")),
    path("search/", views.search, name="search"),
    path("gallery/", include("media_gallery.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if "debug_toolbar" in settings.INSTALLED_APPS:
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns += debug_toolbar_urls()
