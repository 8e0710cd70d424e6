from issportal.links import url_for


def test_remembered_addresses_follow_the_url_configuration(settings):
    assert url_for("news:tag", "science") == "/news/tags/science/"
    settings.ROOT_URLCONF = "tests.issportal.urls_elsewhere"
    assert url_for("news:tag", "science") == "/elsewhere/news/tags/science/"
