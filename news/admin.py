from django.contrib import admin
from django.utils.html import format_html

from issportal.admin import AuditedAdmin, FullTextSearchAdminMixin, PublishingAdminMixin

from .forms import ArticleAdminForm
from .models import Article


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


@admin.register(Article)
class ArticleAdmin(PublishingAdminMixin, FullTextSearchAdminMixin, AuditedAdmin):
    form = ArticleAdminForm
    list_display = ["title", "kind", "state", "publish_at", "tag_list", "updated_by"]
    list_filter = [VisibilityFilter, "status", "kind", "tags", "publish_at"]
    list_select_related = ["updated_by"]
    search_fields = ["title", "slug", "summary", "body", "byline", "tags__name"]
    substring_search_fields = ("title", "slug", "byline")
    date_hierarchy = "publish_at"
    ordering = ["-publish_at", "-pk"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["hero", "expeditions", "astronauts", "spacewalks", "visits"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["kind", "title", "byline", "slug", "summary", "body", "tags", "hero"]}),
        ("Publishing", {"fields": ["status", "publish_at", "preview_link"]}),
        (
            "Related station records",
            {"fields": ["expeditions", "astronauts", "spacewalks", "visits"]},
        ),
        ("History", {"fields": ["version", "loaded_version", *AuditedAdmin.audit_fields]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ("preview_link", "version", *super().get_readonly_fields(request, obj))

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
