from issportal.search import SearchKind

from .models import Article

KINDS = [
    SearchKind(
        key="article",
        label="News",
        queryset=lambda: Article.objects.published(),
        title_fields=("title",),
        body_fields=("summary", "body"),
        vector_field="search_vector",
    ),
]
