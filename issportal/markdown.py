"""Staff-written Markdown to safe HTML, for every app that shows staff text.

Two layers, so a slip in one is caught by the other:

1. markdown-it-py parses CommonMark plus tables with raw HTML *off*: any HTML
   typed into the text is shown as text, never passed through. A few token
   rules give headings id anchors, mark links to other sites with
   ``rel="noopener noreferrer"``, turn table alignment into classes (the strict
   CSP forbids style attributes) and keep images to files on this site (the CSP
   blocks other hosts; an outside image becomes a link to it).
2. nh3 (ammonia) sanitizes the result against an explicit allowlist of tags,
   attributes, classes and URL schemes (http, https, mailto; relative URLs
   stay). ``javascript:``, ``data:`` and ``vbscript:`` URLs are dropped, comments
   stripped, and the content of ``script`` and ``style`` removed.

``render`` is pure; ``render_cached`` keeps the result in Django's cache under
a key the caller makes from what identifies the text's version.
"""

import hashlib
import re
from urllib.parse import urlsplit

import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from markdown_it import MarkdownIt

from .cache import safe_cache_call

# Bump when the output for the same text changes, so cached HTML is rebuilt.
RENDERER_VERSION = 1
CACHE_TIMEOUT = 60 * 60 * 24 * 30

# Ids the page layout uses; a heading never takes one of them.
RESERVED_IDS = frozenset({"main", "content", "top"})

ALIGN_CLASSES = {"left": "text-left", "center": "text-center", "right": "text-right"}
HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        *HEADING_TAGS,
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    **{tag: {"id"} for tag in HEADING_TAGS},
}
ALLOWED_CLASSES = {"th": set(ALIGN_CLASSES.values()), "td": set(ALIGN_CLASSES.values())}
# rel is allowed with this one value only, which the link rule below sets.
EXTERNAL_REL = "noopener noreferrer"
ALLOWED_ATTRIBUTE_VALUES = {"a": {"rel": {EXTERNAL_REL}}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def is_external(url: str) -> bool:
    """A link to another site: absolute http(s) or protocol-relative."""
    url = url.strip()
    if url.startswith("//"):
        return True
    return urlsplit(url).scheme.lower() in {"http", "https"}


def is_local_path(url: str) -> bool:
    """A path on this site ("/media/..."), not "//host/..."."""
    return url.startswith("/") and not url.startswith("//")


def _heading_text(inline_token) -> str:
    return "".join(
        child.content
        for child in inline_token.children or []
        if child.type in {"text", "code_inline"}
    )


def _unique_id(text: str, seen: set[str]) -> str:
    base = slugify(text, allow_unicode=True) or "section"
    candidate, number = base, 1
    while candidate in seen:
        number += 1
        candidate = f"{base}-{number}"
    seen.add(candidate)
    return candidate


def _rewrite_tokens(state) -> None:
    """Core rule: heading ids and levels, table alignment classes, link rel."""
    seen = set(RESERVED_IDS)
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type in {"heading_open", "heading_close"}:
            # The page's title is the only h1; "# Heading" in the text becomes an h2.
            if token.tag == "h1":
                token.tag = "h2"
            if token.type == "heading_open":
                token.attrSet("id", _unique_id(_heading_text(tokens[index + 1]), seen))
        elif token.type in {"th_open", "td_open"}:
            style = token.attrGet("style") or ""
            token.attrs.pop("style", None)
            align = style.replace("text-align:", "").strip()
            if align in ALIGN_CLASSES:
                token.attrSet("class", ALIGN_CLASSES[align])
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "link_open" and is_external(str(child.attrGet("href") or "")):
                    child.attrSet("rel", EXTERNAL_REL)


def _render_image(self, tokens, idx, options, env):
    """Images from this site only; an outside image becomes a link to it."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    if is_local_path(src):
        token.attrSet("alt", alt)
        return self.renderToken(tokens, idx, options, env)
    escaped_alt = _escape(alt or "image")
    if is_external(src):
        return f'<a href="{_escape(src)}" rel="{EXTERNAL_REL}">{escaped_alt}</a>'
    return escaped_alt


def _escape(text: str) -> str:
    from markdown_it.common.utils import escapeHtml

    return escapeHtml(text)


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    parser.core.ruler.push("issportal_rewrite", _rewrite_tokens)
    parser.add_render_rule("image", _render_image)
    return parser


_PARSER = _parser()


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=set(URL_SCHEMES),
        clean_content_tags={"script", "style"},
        strip_comments=True,
        link_rel=None,
    )


def render(text: str) -> SafeString:
    """Markdown to sanitized HTML, safe to put in a template as is."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    return mark_safe(sanitize(_PARSER.render(text)))  # noqa: S308 - sanitized by nh3 above


def render_cached(text: str, key: str) -> SafeString:
    """``render`` kept in the cache under ``key`` (which must change with the text)."""
    cache_key = f"markdown:{RENDERER_VERSION}:{key}"
    # A cache outage only costs a render.
    html = safe_cache_call(None, cache.get, cache_key)
    if html is None:
        html = str(render(text))
        safe_cache_call(None, cache.set, cache_key, html, CACHE_TIMEOUT)
    return mark_safe(html)  # noqa: S308 - stored by render() above


def content_key(text: str) -> str:
    """A cache key for text with no version of its own: a hash of the text."""
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


# Markdown's marks, for plain_text: (pattern, what replaces it), applied in order.
_PLAIN_TEXT_RULES = [
    (r"^ {0,3}(?:`{3,}|~{3,}).*$", ""),  # code fences
    (r"^ {0,3}([-*_])(?: *\1){2,} *$", ""),  # rules
    (r"^ {0,3}\|?(?: *:?-+:? *\|)+ *:?-*:? *$", ""),  # a table's alignment row
    (r"^ {0,3}#{1,6}(?: +|$)(.*?)(?: +#+)? *$", r"\1."),  # headings, ended like sentences
    (r"^ {0,3}(?:> ?)+", ""),  # quotes
    (r"^ *(?:[-*+]|\d{1,9}[.)]) +", ""),  # list items
    (r"!\[([^\]]*)\]\([^)]*\)", r"\1"),  # images: their text
    (r"\[([^\]]+)\]\([^)]*\)", r"\1"),  # links: their text
    (r"\[([^\]]+)\]\[[^\]]*\]", r"\1"),  # reference links
    (r"^ {0,3}\[[^\]]+\]: *\S+.*$", ""),  # link definitions
    (r"<((?:https?|mailto):[^>\s]+)>", r"\1"),  # autolinks
    (r"(`+)(.+?)\1", r"\2"),  # code
    (r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1", r"\2"),  # emphasis
    (r"(?<!\w)(_{1,3})(?=\S)(.+?)(?<=\S)\1(?!\w)", r"\2"),  # emphasis, not in_a_word
    (r"~~(?=\S)(.+?)(?<=\S)~~", r"\1"),  # strikethrough
    (r"\\([\\`*_{}\[\]()#+\-.!|>~])", r"\1"),  # escaped marks
    (r" *\| *", " "),  # table cells
]
_PLAIN_TEXT_RULES = [(re.compile(p, re.MULTILINE), r) for p, r in _PLAIN_TEXT_RULES]


def plain_text(text: str) -> str:
    """Staff Markdown as the words a reader sees, on one line: for excerpts and summaries.

    A text-only reading rather than a render: cheap enough for every search result.
    Raw HTML is shown as text by ``render``, so it is left as text here too.
    """
    text = text or ""
    for pattern, replacement in _PLAIN_TEXT_RULES:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())
