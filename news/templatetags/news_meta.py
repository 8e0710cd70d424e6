import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# As in Django's json_script: keep the JSON from closing the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """schema.org Article data for search engines, as a non-executable JSON block."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting" if article.kind == article.Kind.BLOG_POST else "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "author": {"@type": "Person", "name": article.byline},
        "publisher": {"@type": "Organization", "name": "ISS Portal"},
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "keywords": [tag.name for tag in context.get("tags", [])],
    }
    if article.publish_at:
        data["datePublished"] = article.publish_at.isoformat()
    if article.updated_at:
        data["dateModified"] = article.updated_at.isoformat()
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
