import datetime

import pytest

from tests.factories import AstronautFactory, ExpeditionFactory, VisitFactory
from tests.news.factories import ArticleFactory, BlogPostFactory

UTC = datetime.UTC

BODY = """\
## Arrival

The crew docked aboard **Soyuz TM-31** and opened the hatch.

| Crew member | Role |
|---|--:|
| William Shepherd | Commander |

- first item
- second item

> A quotation.

See [NASA](https://www.nasa.gov/) and the [expeditions](/expeditions/).

```
code block
```
"""


@pytest.fixture
def news():
    expedition = ExpeditionFactory(number=1)
    person = AstronautFactory(name="William Shepherd", slug="william-shepherd")
    visit = VisitFactory(name="Soyuz TM-31")
    ArticleFactory(
        title="Zarya launched",
        tags=["Assembly"],
        publish_at=datetime.datetime(1998, 11, 20, 8, tzinfo=UTC),
    )
    article = ArticleFactory(
        title="Expedition 1 arrives",
        slug="expedition-1-arrives",
        body=BODY,
        tags=["Crew", "Soyuz"],
        publish_at=datetime.datetime(2000, 11, 2, 12, tzinfo=UTC),
        links={"expeditions": [expedition], "astronauts": [person], "visits": [visit]},
    )
    BlogPostFactory(
        title="First spacewalk",
        tags=["Crew"],
        publish_at=datetime.datetime(2000, 12, 7, tzinfo=UTC),
    )
    ArticleFactory(title="Secret draft", draft=True, tags=["Crew"])
    return article


@pytest.mark.parametrize(
    "url",
    [
        "/news/",
        "/news/?month=2024-13",
        "/news/?kind=blog&tag=crew",
        "/news/expedition-1-arrives/",
        "/news/tags/crew/",
        "/blog/",
        "/blog/2000/12/",
        "/expeditions/1/",
    ],
)
def test_news_pages_have_no_accessibility_violations(page, axe, news, url):
    response = page.goto(url)
    assert response.status == 200
    axe(page)
    assert page.console_log.errors == []


def test_article_in_the_dark_scheme_has_no_violations(page, axe_in_dark_scheme, news):
    axe_in_dark_scheme("/news/expedition-1-arrives/")
    assert page.console_log.errors == []


def test_from_the_list_to_an_article_and_its_tag_with_the_keyboard(page, news):
    page.goto("/news/")
    assert "Secret draft" not in page.content()
    page.get_by_role("link", name="Expedition 1 arrives").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/news/expedition-1-arrives/")
    assert page.locator("h1").inner_text() == "Expedition 1 arrives"
    page.get_by_role("link", name="Soyuz", exact=True).click()
    page.wait_for_url("**/news/tags/soyuz/")
    assert page.locator("h1").inner_text() == "Tagged “Soyuz”"
    assert page.console_log.errors == []


def test_staff_preview_shows_the_notice(page, news):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from news.models import Article

    # Previews are for those who may edit articles. (A live-server test flushes the
    # tables after it, roles included; permissions come back with every flush.)
    staffer = get_user_model().objects.create_user(
        "staffer", password="correct horse battery", is_staff=True
    )
    staffer.user_permissions.add(Permission.objects.get(codename="change_article"))
    page.goto("/admin/login/")
    page.fill("#id_username", "staffer")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    draft = Article.objects.get(title="Secret draft")
    response = page.goto(draft.get_absolute_url())
    assert response.status == 200
    assert "no-store" in response.headers["cache-control"]
    assert page.get_by_text("Preview: not published.").is_visible()


def test_the_markdown_preview_beside_the_editor_matches_the_public_page(page, news):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from news.models import Article
    from tests.browser.waiting import wait_until

    writer = get_user_model().objects.create_user(
        "writer", password="correct horse battery", is_staff=True
    )
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_article", "change_article", "view_article"])
    )
    page.goto("/admin/login/?next=/admin/news/article/add/")
    page.fill("#id_username", "writer")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/news/article/add/")
    page.fill("#id_body", BODY)
    wait_until(page, "document.querySelector('.markdown-preview h2') !== null")
    preview = page.locator(".markdown-preview").inner_html()

    article = Article.objects.filter(status="published").first()
    article.body = BODY
    article.save()
    page.goto(article.get_absolute_url())
    public = page.locator(".article__body").inner_html()
    assert preview.strip() == public.strip()
    assert page.console_log.errors == []
