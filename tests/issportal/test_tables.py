"""{% scroll_table %}: a wide table in a labelled region that scrolls sideways."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def test_the_table_sits_in_a_labelled_scrolling_region():
    html = Template(
        "{% load tables %}{% scroll_table label %}<tbody><tr><td>{{ cell }}</td></tr></tbody>"
        "{% endscroll_table %}"
    ).render(Context({"label": "People", "cell": "<b>Whitson</b>"}))
    assert 'role="region" aria-label="People, scrollable table" tabindex="0"' in html
    assert '<table class="data"><tbody><tr><td>&lt;b&gt;Whitson&lt;/b&gt;</td>' in html
    assert "Scroll the table sideways" in html


def test_a_missing_label_is_a_clear_error():
    with pytest.raises(TemplateSyntaxError, match="scroll_table takes one label"):
        Template("{% load tables %}{% scroll_table %}{% endscroll_table %}")
