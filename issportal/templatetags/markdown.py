"""``{% load markdown %}`` then ``{{ text|markdown }}``: staff Markdown as safe HTML.

The result is cached under a hash of the text, so an edit is never shown stale.
Models with a version of their own (news.Article.body_html) cache by that instead.
"""

from django import template

from issportal import markdown as md

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    text = str(text or "")
    return md.render_cached(text, md.content_key(text))
