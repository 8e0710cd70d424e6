from issportal.search import SearchKind

from .models import Article

KINDS = [
    SearchKind.published(
        Article,
        key="article",
        label="News",
        title_fields=("title",),
        body_fields=("summary", "body"),
    ),
]
