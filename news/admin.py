import reversion
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from issportal import markdown, moderation
from issportal.admin import AuditedAdmin, FullTextSearchAdminMixin, PublishingAdminMixin
from issportal.tagging import VocabularyAdmin

from .forms import ArticleAdminForm
from .models import Article, ArticleTag, TaggedArticle


class VisibilityFilter(admin.SimpleListFilter):
    """What the public sees now: live, scheduled for later, or draft."""

    title = "visibility"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("live", "Live"), ("scheduled", "Scheduled"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        match self.value():
            case "live":
                return queryset.published()
            case "scheduled":
                return queryset.scheduled()
            case "draft":
                return queryset.drafts()
        return queryset


# An Editor's change to a published article waits for a Publisher.
moderation.register(Article, publish_permission="news.publish_article")
# Each revision keeps the article's tags with it (its other links are plain many-to-many).
reversion.register(TaggedArticle)
reversion.register(Article, follow=["taggedarticle_set"])

# A preview longer than this is refused (bodies are a few thousand characters).
MAX_PREVIEW_CHARACTERS = 200_000


@admin.register(Article)
class ArticleAdmin(PublishingAdminMixin, FullTextSearchAdminMixin, AuditedAdmin):
    form = ArticleAdminForm
    list_display = ["title", "kind", "state", "publish_at", "tag_list", "updated_by"]
    # Only the tags articles carry (the vocabulary keeps unused ones for later).
    list_filter = [
        VisibilityFilter,
        "status",
        "kind",
        ("tags", admin.RelatedOnlyFieldListFilter),
        "publish_at",
    ]
    list_select_related = ["updated_by"]
    search_fields = ["title", "slug", "summary", "body", "byline", "tags__name"]
    substring_search_fields = ("title", "slug", "byline")
    date_hierarchy = "publish_at"
    ordering = ["-publish_at", "-pk"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["hero", "expeditions", "astronauts", "spacewalks", "visits"]
    list_per_page = 50
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "title",
                    "byline",
                    "slug",
                    "summary",
                    "body",
                    "body_preview",
                    "tags",
                    "hero",
                ]
            },
        ),
        ("Publishing", {"fields": ["status", "publish_at", "preview_link"]}),
        (
            "Related station records",
            {"fields": ["expeditions", "astronauts", "spacewalks", "visits"]},
        ),
        ("History", {"fields": ["version", "loaded_version", *AuditedAdmin.audit_fields]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ("preview_link", "body_preview", "version")
        return (*readonly, *super().get_readonly_fields(request, obj))

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/markdown_preview.js"]

    def get_urls(self):
        preview = self.admin_site.admin_view(self.markdown_preview_view)
        return [
            path("preview/", preview, name="news_article_markdown_preview"),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def markdown_preview_view(self, request):
        """The body as the public page will show it: the same Markdown and sanitiser."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        text = request.POST.get("text", "")
        if len(text) > MAX_PREVIEW_CHARACTERS:
            return HttpResponseBadRequest("The text is too long to preview.")
        response = HttpResponse(markdown.render(text), content_type="text/html; charset=utf-8")
        patch_cache_control(response, private=True, no_store=True)
        return response

    @admin.display(description="Preview of the body")
    def body_preview(self, obj):
        """Rendered on the server, then kept current by js/markdown_preview.js as you type."""
        return format_html(
            '<div class="markdown-preview" data-preview-url="{}" aria-live="polite">{}</div>',
            reverse("admin:news_article_markdown_preview"),
            markdown.render(obj.body) if obj is not None and obj.body else "",
        )

    def get_changeform_initial_data(self, request):
        # A new article is signed by whoever writes it, unless they say otherwise.
        name = request.user.get_full_name() or request.user.get_username()
        return {"byline": name, **super().get_changeform_initial_data(request)}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # get_form builds a new class per request, so this stays with this user.
        form.can_publish = self.has_publish_permission(request)
        return form

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def has_publish_permission(self, request):
        return request.user.has_perm("news.publish_article")

    @admin.display(description="State", ordering="status")
    def state(self, obj):
        return obj.state_label

    @admin.display(description="Tags")
    def tag_list(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))

    @admin.display(description="Preview")
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return "Save the article to preview it."
        label = "View on the site" if obj.is_public else "Preview: how it will look when published"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)


@admin.register(ArticleTag)
class ArticleTagAdmin(VocabularyAdmin):
    """The articles' vocabulary (images have their own)."""

    links = "tagged_articles"
    items = "Articles"
