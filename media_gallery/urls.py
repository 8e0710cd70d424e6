from django.urls import path

from . import views

app_name = "media_gallery"

urlpatterns = [
    path("", views.GalleryListView.as_view(), name="gallery_list"),
    path("<slug:slug>/", views.GalleryDetailView.as_view(), name="gallery_detail"),
    path("<slug:slug>/<int:image_pk>/", views.GalleryImageView.as_view(), name="image_detail"),
]
