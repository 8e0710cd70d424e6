"""Staff-written Markdown to safe HTML: markdown-it-py without raw HTML, then nh3."""

import nh3
from django.utils.safestring import SafeString
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
    ["replacements", "smartquotes"]
)

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render(text: str) -> SafeString:
    """HTML for ``text``; raw HTML in the source is shown as text, links get rel=noopener."""
    if not text:
        return SafeString("")
    html = _md.render(text)
    # Headings in a description sit below the page's h1 and the section's h2.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return SafeString(cleaned)  # sanitized by nh3 just above
