import pytest

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_site_page_with_search_and_the_main_sections(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="site-header"' in html
    assert '<form class="search-form" method="get" action="/search/" role="search">' in html
    assert '<input type="search" id="search-q" name="q"' in html
    for label, url in [
        ("Expeditions", "/expeditions/"),
        ("Crew", "/crew/"),
        ("Spacewalks", "/spacewalks/"),
        ("Facts", "/facts/"),
        ("News", "/news/"),
        ("Gallery", "/gallery/"),
    ]:
        assert f'<li><a href="{url}">{label}</a></li>' in html
