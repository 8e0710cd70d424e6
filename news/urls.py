from django.urls import path
from django.urls import re_path

from . import feeds
from . import views

app_name = "news"

urlpatterns = [
    path("news/", views.ArticleListView.as_view(), name="article_list"),
    path("news/feed/", feeds.NewsFeed(), name="feed"),
    path("news/feed/atom/", feeds.NewsAtomFeed(), name="feed_atom"),
    path("news/tags/<slug:slug>/", views.TagArticleListView.as_view(), name="tag"),
    path("news/tags/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("news/tags/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("blog/", views.BlogListView.as_view(), name="blog"),
    path("blog/feed/", feeds.BlogFeed(), name="blog_feed"),
    path("blog/feed/atom/", feeds.BlogAtomFeed(), name="blog_feed_atom"),
    re_path(
        r"^blog/(?P<year>[0-9]{4})/(?P<month>0[1-9]|1[0-2])/$",
        views.BlogMonthView.as_view(),
        name="blog_month",
    ),
]
