"""Staff Markdown renders to safe HTML: nothing executable gets through."""

from html.parser import HTMLParser

import pytest
from django.template import Context
from django.template import Template

from issportal.markdown import render

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">click</a>',
    "<!-- <script>alert(1)</script> -->",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<object data=javascript:alert(1)></object>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](&#106;avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](javascript:alert(1))",
    '![x" onerror="alert(1)](/media/a.png)',
    '[x](/ok "title\\" onmouseover=\\"alert(1)")',
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[a](<javascript:alert(1)>)",
    "[![x](/media/a.png)](javascript:alert(1))",
    "[*x*](javascript:alert(1)) **[y](data:text/html,hi)**",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "<a href='//evil.example' onclick='alert(1)'>x</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]

DANGEROUS_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "body"}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")


class TagAudit(HTMLParser):
    """Every real start tag and attribute in the output (text is not markup)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def audit(html):
    parser = TagAudit()
    parser.feed(html)
    parser.close()
    return parser.tags


@pytest.mark.parametrize("source", XSS)
def test_nothing_executable_survives(source):
    html = str(render(source))
    assert "<script" not in html.lower()
    for tag, attrs in audit(html):
        assert tag not in DANGEROUS_TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, html)
            assert name != "style", html
            if name in {"href", "src"}:
                url = "".join((value or "").split()).lower()
                assert not url.startswith(DANGEROUS_SCHEMES), (tag, name, value)


def test_the_whole_xss_set_at_once():
    html = str(render("\n\n".join(XSS)))
    assert "<script" not in html.lower()
    assert all(not name.startswith("on") for _, attrs in audit(html) for name in attrs)


def test_raw_html_is_shown_as_text():
    html = str(render("Hello <b>world</b>"))
    assert "&lt;b&gt;world&lt;/b&gt;" in html
    assert "<b>" not in html


def test_commonmark_and_tables():
    html = str(render("Some **bold** and *italic* and `code`.\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n"))
    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert "<code>code</code>" in html
    assert '<th class="text-left">a</th>' in html
    assert '<td class="text-right">2</td>' in html
    assert "style=" not in html  # the strict CSP forbids style attributes


def test_headings_get_unique_anchors_and_the_page_keeps_its_h1():
    html = str(render("# Launch\n\n## Launch\n\n### Docking & berthing\n\n## Main\n\n## ***"))
    assert '<h2 id="launch">Launch</h2>' in html
    assert '<h2 id="launch-2">Launch</h2>' in html
    assert '<h3 id="docking-berthing">' in html
    assert 'id="main"' not in html  # the page's <main id="main"> keeps its id
    assert '<h2 id="main-2">' in html
    assert '<h2 id="section">' in html
    assert "<h1" not in html


def test_links_to_other_sites_get_noopener_and_local_links_do_not():
    html = str(render("[a](https://example.org/x) [b](/expeditions/1/) [c](//cdn.example/x)"))
    assert '<a href="https://example.org/x" rel="noopener noreferrer">a</a>' in html
    assert '<a href="/expeditions/1/">b</a>' in html
    assert '<a href="//cdn.example/x" rel="noopener noreferrer">c</a>' in html


def test_mailto_links_stay():
    assert '<a href="mailto:press@example.org">' in str(render("[m](mailto:press@example.org)"))


def test_images_from_this_site_stay_and_others_become_links():
    html = str(render("![Cupola](/media/cupola.jpg) ![Far](https://example.org/far.jpg)"))
    assert '<img src="/media/cupola.jpg" alt="Cupola">' in html
    assert '<a href="https://example.org/far.jpg" rel="noopener noreferrer">Far</a>' in html


def test_markdown_filter_renders_and_caches_by_content():
    template = Template("{% load markdown %}{{ text|markdown }}")
    first = template.render(Context({"text": "**one**"}))
    second = template.render(Context({"text": "**two**"}))
    assert first == "<p><strong>one</strong></p>\n"
    assert second == "<p><strong>two</strong></p>\n"


def test_empty_text_renders_nothing():
    assert render("") == ""
