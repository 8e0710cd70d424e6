from django.db.models.functions import Now

from issportal.search import SearchKind

from .models import Gallery

KINDS = [
    SearchKind(
        key="gallery",
        label="Gallery",
        # The database's clock: the search keeps its SQL and reuses it.
        queryset=lambda: Gallery.objects.published(now=Now()),
        title_fields=("title",),
        body_fields=("description",),
        recent_first=("-publish_at",),
    ),
]
