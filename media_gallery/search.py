from issportal.search import SearchKind

from .models import Gallery

KINDS = [
    SearchKind.published(
        Gallery,
        key="gallery",
        label="Gallery",
        title_fields=("title",),
        body_fields=("description",),
    ),
]
