from issportal.search import SearchKind

from .models import Gallery

KINDS = [
    SearchKind(
        key="gallery",
        label="Gallery",
        queryset=lambda: Gallery.objects.published(),
        title_fields=("title",),
        body_fields=("description",),
        vector_field="search_vector",
    ),
]
