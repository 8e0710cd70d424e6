from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from stations.views import HomeView

from . import views

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("stations.urls")),
    path("gallery/", include("media_gallery.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
