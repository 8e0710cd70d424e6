from django.urls import path, re_path

from issportal.cache import kept_response

from . import feeds, views

app_name = "news"

# Feeds are the same for every reader: rendered once per content generation.

urlpatterns = [
    path("news/", views.ArticleListView.as_view(), name="article_list"),
    path("news/feed/", kept_response(feeds.NewsFeed()), name="feed"),
    path("news/feed/atom/", kept_response(feeds.NewsAtomFeed()), name="feed_atom"),
    path("news/tags/<slug:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("news/tags/<slug:slug>/feed/", kept_response(feeds.TagFeed()), name="tag_feed"),
    path(
        "news/tags/<slug:slug>/feed/atom/", kept_response(feeds.TagAtomFeed()), name="tag_feed_atom"
    ),
    path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("blog/", views.BlogListView.as_view(), name="blog"),
    path("blog/feed/", kept_response(feeds.BlogFeed()), name="blog_feed"),
    path("blog/feed/atom/", kept_response(feeds.BlogAtomFeed()), name="blog_feed_atom"),
    re_path(
        r"^blog/(?P<year>[0-9]{4})/(?P<month>0[1-9]|1[0-2])/$",
        views.BlogMonthView.as_view(),
        name="blog_month",
    ),
]
