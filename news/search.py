from django.db.models.functions import Now

from issportal.search import SearchKind

from .models import Article

KINDS = [
    SearchKind(
        key="article",
        label="News",
        # The database's clock: the search keeps its SQL and reuses it.
        queryset=lambda: Article.objects.published(now=Now()),
        title_fields=("title",),
        body_fields=("summary", "body"),
        recent_first=("-publish_at",),
    ),
]
