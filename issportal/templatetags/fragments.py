"""``{% kept_fragment "name" [key...] %}...{% endkept_fragment %}``: a piece of a page
rendered once per content generation (``issportal.cache.fragment_per_generation``).

For pieces shown the same on many pages, such as a record's row in a list (the list's
every page, filter and order reuse it), or a whole section derived from every record (the
facts page's figures, records and charts). The keys must name everything the piece shows;
a piece that differs by visitor (a staff link, a draft) must not be kept. A page that
sets ``preview`` (staff previewing a draft or a waiting change) renders every piece afresh.
"""

from django import template
from django.utils.safestring import mark_safe

from issportal.cache import fragment_per_generation

register = template.Library()


class KeptFragmentNode(template.Node):
    def __init__(self, nodelist, name, keys):
        self.nodelist, self.name, self.keys = nodelist, name, keys

    def render(self, context):
        if context.get("preview"):  # a staff preview of a draft or a waiting change
            return self.nodelist.render(context)
        key = (self.name.resolve(context), *(k.resolve(context) for k in self.keys))
        return mark_safe(  # noqa: S308 - the template's own output, escaped as it rendered
            fragment_per_generation(key, lambda: self.nodelist.render(context))
        )


@register.tag
def kept_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name, then any keys.")
    nodelist = parser.parse(("endkept_fragment",))
    parser.delete_first_token()
    return KeptFragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
