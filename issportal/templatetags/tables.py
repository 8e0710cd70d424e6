from django import template
from django.template.loader import render_to_string

register = template.Library()


class ScrollTableNode(template.Node):
    def __init__(self, label, nodelist):
        self.label, self.nodelist = label, nodelist

    def render(self, context):
        return render_to_string(
            "includes/scroll_table.html",
            {"label": self.label.resolve(context), "table": self.nodelist.render(context)},
        )


@register.tag
def scroll_table(parser, token):
    """A wide data table that scrolls sideways on small screens, with a hint to say so.

    ``{% scroll_table "People" %}<caption>…</caption><thead>…</thead>…{% endscroll_table %}``;
    the label names the scrolling region for screen readers.
    """
    try:
        _, label = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("scroll_table takes one label") from None
    nodelist = parser.parse(("endscroll_table",))
    parser.delete_first_token()
    return ScrollTableNode(parser.compile_filter(label), nodelist)
