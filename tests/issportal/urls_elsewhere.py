from django.urls import include, path

urlpatterns = [path("elsewhere/", include("issportal.urls"))]
