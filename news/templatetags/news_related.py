"""News about other apps' records, rendered by news so those apps need not know it exists."""

from django import template

from news.models import Article

register = template.Library()


def _relation_to(model):
    """The name of Article's many-to-many field that points at ``model``."""
    for field in Article._meta.many_to_many:
        if field.related_model is model:
            return field.name
    raise template.TemplateSyntaxError(f"Articles are not linked to {model._meta.label}.")


@register.inclusion_tag("news/includes/related_articles.html")
def related_articles(record):
    """The published articles about a station record, newest first, in one query."""
    relation = _relation_to(type(record))
    return {"articles": Article.objects.published().filter(**{relation: record}).as_links()}
