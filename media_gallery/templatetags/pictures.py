"""``{% picture image sizes="..." loading="lazy" class="..." %}``: responsive, no layout shift.

Renders ``<picture>`` with one ``<source>`` per modern format (AVIF when made, then WebP)
and a JPEG ``<img>`` fallback, each with a ``srcset`` of every rendition width. The
``<img>`` carries the image's width and height, so the browser reserves the space before
the file arrives. Renditions are read from the prefetch cache
(``Image.objects.with_renditions()``), so a page runs no query per image. Only renditions
that exist are listed: while the background task is still making them (the image is
"processing"), a plain ``<img>`` of the original, which is stored without metadata, stands
in, with the same size and alt text.

Options: ``sizes`` (default "100vw"), ``loading`` ("lazy", the default, or "eager", which
also asks for high fetch priority), ``class`` (on the ``<img>``) and ``alt`` (default the
image's alt text; pass ``alt=""`` when the image sits in a link already named by text).
"""

from django import template
from django.utils.html import format_html, format_html_join

from media_gallery.models import Rendition

register = template.Library()

FALLBACK_WIDTH = 960  # the <img src> for browsers without srcset


def _srcset(renditions):
    return ", ".join(f"{r.url} {r.width}w" for r in renditions)


@register.simple_tag
def picture(image, sizes="100vw", loading="lazy", alt=None, **attrs):
    if image is None:
        return ""
    if loading not in {"lazy", "eager"}:
        raise template.TemplateSyntaxError('picture: loading must be "lazy" or "eager"')
    extra = []
    if css_class := attrs.pop("class", ""):
        extra.append(("class", css_class))
    if loading == "eager":
        extra.append(("fetchpriority", "high"))
    if attrs:
        raise template.TemplateSyntaxError(f"picture: unknown option(s) {', '.join(attrs)}")
    extra_html = format_html_join("", ' {}="{}"', extra)
    alt = image.alt_text if alt is None else alt
    by_format = {}
    for rendition in sorted(image.get_renditions(), key=lambda r: r.width):
        if rendition.width <= image.width:
            by_format.setdefault(rendition.format, []).append(rendition)
    fallback = by_format.get(Rendition.Format.JPEG, [])
    if not fallback:
        return _original(image, alt, loading, extra_html)
    src = next((r for r in fallback if r.width >= FALLBACK_WIDTH), fallback[-1])
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        (
            (f"image/{fmt}", _srcset(by_format[fmt]), sizes)
            for fmt in (Rendition.Format.AVIF, Rendition.Format.WEBP)
            if fmt in by_format
        ),
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
        'loading="{}" decoding="async"{}></picture>',
        sources,
        src.url,
        _srcset(fallback),
        sizes,
        image.width,
        image.height,
        alt,
        loading,
        extra_html,
    )


def _original(image, alt, loading, extra_html):
    """The original itself, while its renditions are being made."""
    if not image.file:
        return ""
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async"{}>',
        image.file.url,
        image.width,
        image.height,
        alt,
        loading,
        extra_html,
    )
