"""Public news and blog pages. Thin generic views sharing one rule for what the public sees."""

import datetime
from functools import partial

from django.db.models import CharField, Count, Q, Value, prefetch_related_objects
from django.db.models.functions import Cast, Concat, LPad, TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView, MonthArchiveView

from issportal import markdown, moderation
from issportal.cache import computed_on_use, per_generation
from issportal.links import url_for
from issportal.mixins import BreadcrumbsMixin, FilteredListView, KeptCountMixin
from stations.models import Astronaut, Expedition, Spacewalk, Visit

from .filters import ArticleFilter
from .models import Article, ArticleTag

NEWS_SECTION = ("News", "news:article_list")
BLOG_SECTION = ("Blog", "news:blog")


class PublicArticleMixin:
    """Articles as the public sees them: ``published()`` only.

    A view with ``allow_preview`` lets those who may edit articles open drafts and
    scheduled ones at their own address; such a response is marked private and never
    cached.
    """

    allow_preview = False
    feeds = (("news:feed", "news:feed_atom", "ISS Portal news"),)

    def can_preview(self):
        return self.allow_preview and self.request.user.has_perm("news.change_article")

    def get_queryset(self):
        if self.can_preview():
            return Article.objects.all()
        return Article.objects.published()

    def get_feeds(self):
        """[(title, RSS url, Atom url)] for the <link rel="alternate"> tags in the head."""
        return [(title, reverse(rss), reverse(atom)) for rss, atom, title in self.feeds]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["feeds"] = self.get_feeds()
        return context


def listing(queryset):
    """What an article list shows: newest first, tags in one query."""
    return queryset.with_tag_list().order_by("-publish_at", "-pk")


class ArticleListView(PublicArticleMixin, FilteredListView):
    filterset_class = ArticleFilter
    template_name = "news/article_list.html"
    section = NEWS_SECTION
    paginate_by = 20

    def get_queryset(self):
        return listing(super().get_queryset())


def blog_months(queryset):
    """Months with blog posts, newest first, each as its archive list item (plain and
    marked as the current page): one query, built once per content generation, so the
    archive (168 months at ten times the data) costs a page no template loop."""
    rows = (
        queryset.order_by()
        .annotate(month=TruncMonth("publish_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
    months, current = [], mark_safe(' aria-current="page"')
    for row in rows:
        url = url_for("news:blog_month", f"{row['month']:%Y}", f"{row['month']:%m}")
        label, count = f"{row['month']:%B %Y}", row["count"]
        item = '<li><a href="{}"{}>{}</a> <span class="muted">({})</span></li>'
        months.append(
            {
                "month": f"{row['month']:%Y-%m}",
                "item": format_html(item, url, "", label, count),
                "current_item": format_html(item, url, current, label, count),
            }
        )
    return months


def kept_blog_months():
    """``blog_months`` of the published posts: counted over every blog post, once per
    content generation, not per request."""
    return per_generation("blog_months", lambda: blog_months(Article.objects.published().blog()))


class BlogFeedsMixin(PublicArticleMixin):
    feeds = (("news:blog_feed", "news:blog_feed_atom", "ISS Portal daily blog"),)

    def get_queryset(self):
        return super().get_queryset().blog()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["months"] = kept_blog_months()
        return context


class BlogListView(KeptCountMixin, BlogFeedsMixin, BreadcrumbsMixin, ListView):
    template_name = "news/blog_list.html"
    section = BLOG_SECTION
    paginate_by = 20

    def get_queryset(self):
        return listing(super().get_queryset())


class BlogMonthView(KeptCountMixin, BlogFeedsMixin, BreadcrumbsMixin, MonthArchiveView):
    template_name = "news/blog_month.html"
    section = BLOG_SECTION
    date_field = "publish_at"
    month_format = "%m"
    allow_empty = False
    allow_future = False
    paginate_by = 20
    context_object_name = "articles"

    def get_queryset(self):
        return super().get_queryset().order_by("-publish_at", "-pk")

    def paginate_queryset(self, queryset, page_size):
        # Tags for the page's posts only: the lookups of the months before and after read
        # get_queryset() too, and a neighbour found would read its tags (one query more).
        return super().paginate_queryset(listing(queryset), page_size)

    # The month's neighbours and whether it has posts, from the kept list of months rather
    # than three queries a request.
    def months_with_posts(self):
        return sorted(datetime.date.fromisoformat(f"{m['month']}-01") for m in kept_blog_months())

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        month = datetime.date(int(self.get_year()), int(self.get_month()), 1)
        if month not in self.months_with_posts():
            raise Http404("No blog posts that month.")
        return [month]

    def get_next_month(self, date):
        return next((m for m in self.months_with_posts() if m > date), None)

    def get_previous_month(self, date):
        return next((m for m in reversed(self.months_with_posts()) if m < date), None)

    def get_breadcrumbs(self):
        day = datetime.date(int(self.get_year()), int(self.get_month()), 1)
        return [*super().get_breadcrumbs(), (f"{day:%B %Y}", self.request.path)]


class TagArticleListView(KeptCountMixin, PublicArticleMixin, BreadcrumbsMixin, ListView):
    """Published articles with one tag; a tag no published article carries is a 404."""

    template_name = "news/tag_detail.html"
    section = NEWS_SECTION
    paginate_by = 20
    allow_empty = False

    def get_feeds(self):
        tag = self.tag
        return [
            (
                f"ISS Portal news tagged “{tag.name}”",
                reverse("news:tag_feed", args=[tag.slug]),
                reverse("news:tag_feed_atom", args=[tag.slug]),
            )
        ]

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(ArticleTag, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return listing(super().get_queryset().filter(tags=self.tag))

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (f"Tagged “{self.tag.name}”", self.request.path)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tag"] = self.tag
        return context


STATION_LINKS = (
    ("Expeditions", "stations:expedition_detail"),
    ("Crew", "stations:astronaut_detail"),
    ("Spacewalks", "stations:spacewalk_detail"),
    ("Vehicles", "stations:visit_detail"),
)


def station_links(article, pending=None):
    """The station records an article is about, as (heading, [(address, name)]): one query.

    Each kind is in its own order: expeditions by number, people by name,
    spacewalks and vehicles by date. With ``pending`` (a waiting change's data), the records
    that change links, for its preview.
    """

    def linked(model, name):
        chosen = moderation.proposed_links(pending, name) if pending is not None else None
        if chosen is None:
            return model.objects.filter(articles=article)
        return model.objects.filter(pk__in=chosen)

    text = CharField()
    number = Cast("number", text)
    kinds = [
        linked(Expedition, "expeditions").values_list(
            Value(0), number, Concat(Value("Expedition "), number), LPad(number, 6, Value("0"))
        ),
        linked(Astronaut, "astronauts").values_list(Value(1), "slug", "name", "name"),
        linked(Spacewalk, "spacewalks").values_list(
            Value(2), Cast("pk", text), "designation", Concat(Cast("date", text), "designation")
        ),
        linked(Visit, "visits").values_list(
            Value(3), "slug", "name", Concat(Cast("arrival_date", text), "name")
        ),
    ]
    first, *others = (kind.order_by() for kind in kinds)
    rows = sorted(first.union(*others, all=True).order_by(), key=lambda row: (row[0], row[3]))
    groups = []
    for index, (heading, viewname) in enumerate(STATION_LINKS):
        links = [(url_for(viewname, key), name) for kind, key, name, _ in rows if kind == index]
        if links:
            groups.append((heading, links))
    return groups


class ArticleDetailView(PublicArticleMixin, BreadcrumbsMixin, DetailView):
    template_name = "news/article_detail.html"
    allow_preview = True

    def get_queryset(self):
        return super().get_queryset().select_related("hero").with_tag_list()

    @property
    def section(self):
        return BLOG_SECTION if self.object.kind == Article.Kind.BLOG_POST else NEWS_SECTION

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        # ?pending=<id>: a change waiting for approval, shown to its author and approvers.
        self.pending = moderation.pending_for_preview(self.request, article)
        if self.pending is not None:
            moderation.show_proposed(article, self.pending.data)
            article.body_html = markdown.render(article.body)  # not the live version's cache
        return article

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_public or self.pending is not None:
            # A preview is for this staff member only: never stored by any cache.
            patch_cache_control(response, private=True, no_cache=True, no_store=True)
        return response

    def get_neighbours(self):
        """The published articles just before and after this one: two small queries.

        (As subqueries of the article's own query they cost more to build than these.)
        """
        article = self.object
        if article.publish_at is None:
            return None, None
        public = Article.objects.published().as_links()
        here = article.publish_at
        # The plain bound lets PostgreSQL walk the publish_at index; the OR breaks ties.
        earlier = Q(publish_at__lt=here) | Q(publish_at=here, pk__lt=article.pk)
        later = Q(publish_at__gt=here) | Q(publish_at=here, pk__gt=article.pk)
        previous = public.filter(earlier, publish_at__lte=here).order_by("-publish_at", "-pk")
        following = public.filter(later, publish_at__gte=here).order_by("publish_at", "pk")
        return previous.first(), following.first()

    KEPT_NAMES = ("previous", "next", "station_links")

    def kept_context(self, pending):
        article = self.object
        if article.hero is not None:
            prefetch_related_objects([article.hero], "renditions")
        previous, following = self.get_neighbours()
        return {
            "previous": previous,
            "next": following,
            "station_links": station_links(article, pending),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["preview"] = not article.is_public or self.pending is not None
        context["pending"] = self.pending
        pending = self.pending.data if self.pending is not None else None
        # The visitors' version of the article is kept per content generation: these run
        # only when it is rendered.
        context.update(computed_on_use(partial(self.kept_context, pending), self.KEPT_NAMES))
        context["canonical_url"] = self.request.build_absolute_uri(article.get_absolute_url())
        # A preview shows the waiting change's tags and records, not the live ones.
        tags = (
            article.tag_list
            if pending is None
            else moderation.proposed_tags(article, "tags", pending)
        )
        context["tags"] = sorted(tags, key=lambda tag: tag.name.casefold())
        return context
