import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from issportal import moderation
from issportal.admin import AuditedAdmin, ModeratedAdminMixin, PublishingAdminMixin
from issportal.tagging import VocabularyAdmin

from . import tasks
from .forms import DESCRIPTION_FIELDS, BulkUploadForm, GalleryAdminForm, ImageForm, add_to_gallery
from .models import (
    HOME_HERO_TAG,
    Gallery,
    GalleryImage,
    Image,
    ImageTag,
    Rendition,
    renumber_gallery,
)

PUBLISH_PERMISSION = "media_gallery.publish_gallery"

# An Editor's change to a published gallery (its images and their order included) waits
# for a Publisher.
moderation.register(
    Gallery,
    publish_permission=PUBLISH_PERMISSION,
    children={"items": ("image", "position", "caption")},
)


def shown_by_this_app(image):
    """An image is live when a published gallery (live now or scheduled) shows it, in its
    images or as its cover, or when it is tagged for the home page's opening photograph.
    Apps that show images elsewhere (an article's hero, a station page) add their own checks
    with ``moderation.also_live_when``: this app cannot know of them."""
    published = Gallery.objects.filter(status=Gallery.Status.PUBLISHED)
    if published.filter(Q(items__image=image) | Q(cover=image)).exists():
        return True
    # Every image tagged so, not only the one the page shows now: the next one takes its
    # place as soon as that one loses the tag, and no Publisher would have seen it.
    return image.tags.filter(name=HOME_HERO_TAG).exists()


# An Editor's change to what the public sees of an image (its title, alt text, caption,
# credit, tags...) waits for a Publisher once the public sees it. The file and its
# renditions are not editable, so they never wait.
moderation.register(Image, publish_permission=PUBLISH_PERMISSION, is_live=shown_by_this_app)


def add_to_live_gallery(request, gallery, images):
    """Add ``images`` at the end of ``gallery``; True when done, False when held for approval.

    A published gallery changes only through a Publisher: for anyone else the addition is
    kept as a change waiting for approval, and the message says so.
    """
    if not moderation.needs_approval(request.user, gallery):
        for image in images:
            add_to_gallery(gallery, image)
        gallery.save(update_fields=["updated_at"])  # its page shows the new images
        return True
    with moderation.held_for_approval(gallery, request.user):
        for image in images:
            add_to_gallery(gallery, image)
    messages.success(
        request,
        f"Sent for approval: adding it to the gallery “{gallery}” waits for a Publisher; "
        "the public sees the gallery as it is until then."
        if len(images) == 1
        else f"Sent for approval: adding {len(images)} images to the gallery “{gallery}” waits "
        "for a Publisher; the public sees the gallery as it is until then.",
    )
    return False


def withhold_new_images_tags(image, user):
    """Keep a new image off public pages until a Publisher approves its tags.

    Tags can put an image on a page (``home-hero``; ``photo`` with ``expedition-22``). When
    ``user`` may not publish and the tags would make the new image public, it is kept
    without tags, and the image as sent waits for approval as a change (the author sees it
    when reopening the image). Returns that change, or None when the image stays as sent.
    """
    if moderation.can_approve(user, Image) or not moderation.is_live(image):
        return None
    as_sent = moderation.snapshot(image)
    image.tags.clear()
    return moderation.PendingChange.propose(
        image, as_sent, user, note="Tags that would show a new image on a public page"
    )


def tags_withheld_message(names=()):
    """What the author of new images whose tags wait (``withhold_new_images_tags``) is told."""
    if not names:
        whose, kept = "Its tags would show it", "it is kept"
    elif len(names) == 1:
        whose, kept = f"The tags of {names[0]} would show it", "it is kept"
    else:
        listed = f"{', '.join(names[:-1])} and {names[-1]}"
        whose, kept = f"The tags of {listed} would show them", "they are kept"
    return (
        f"{whose} on a public page, so they wait for a Publisher's approval; until then "
        f"{kept} without tags. Reopen an image to see or change what waits."
    )


def thumbnail_html(image, size=80):
    """A small <img> of the narrowest rendition, for lists and inlines."""
    if image is None:
        return ""
    candidates = [r for r in image.get_renditions() if r.format != Rendition.Format.AVIF]
    if not candidates:
        return ""
    smallest = min(candidates, key=lambda r: (r.width, r.format != Rendition.Format.WEBP))
    height = max(1, round(size * image.height / image.width))
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" loading="lazy" decoding="async">',
        smallest.url,
        size,
        height,
    )


@admin.register(Image)
class ImageAdmin(ModeratedAdminMixin, AuditedAdmin):
    form = ImageForm
    list_display = [
        "thumbnail",
        "title",
        "credit",
        "license",
        "taken_at",
        "size",
        "renditions_state",
        "created_at",
    ]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["renditions_status", "license", "credit", "created_at"]
    search_fields = ["title", "alt_text", "credit", "tags__name"]
    readonly_fields = ["preview", "size", "content_hash", "renditions_state", "version"]
    actions = ["make_renditions_again"]
    change_list_template = "admin/media_gallery/image/change_list.html"
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).with_renditions().select_related("created_by")

    def get_fieldsets(self, request, obj=None):
        main = [*DESCRIPTION_FIELDS, "tags"]
        if obj is None:
            return [(None, {"fields": ["upload", *main]})]
        if request.user.has_perm("media_gallery.add_galleryimage"):
            main.append("add_to_gallery")
        return [
            (None, {"fields": ["preview", *main]}),
            ("File", {"fields": ["size", "content_hash", "renditions_state"]}),
            # The hidden version field rides in History (VersionCheckFormMixin).
            ("History", {"fields": ["version", "loaded_version", *self.audit_fields]}),
        ]

    @admin.display(description="Image")
    def thumbnail(self, obj):
        return thumbnail_html(obj) or obj.get_renditions_status_display()

    @admin.display(description="Preview")
    def preview(self, obj):
        if preview := thumbnail_html(obj, size=320):
            return preview
        if obj.renditions_status == Image.RenditionsStatus.FAILED:
            return "No preview: making the renditions failed (the reason is under File)."
        return "No preview yet: the renditions are being made in the background."

    @admin.display(description="Pixels")
    def size(self, obj):
        return f"{obj.width} × {obj.height}"

    @admin.display(description="Renditions", ordering="renditions_status")
    def renditions_state(self, obj):
        """Processing (made in the background), ready, or failed with the reason."""
        label = obj.get_renditions_status_display()
        if obj.renditions_status == Image.RenditionsStatus.FAILED:
            return format_html("{}: {}", label, obj.renditions_error or "no reason recorded")
        return label

    @admin.action(description="Make renditions again", permissions=["change"])
    def make_renditions_again(self, request, queryset):
        count = tasks.make_renditions_again(queryset)
        self.message_user(
            request,
            f"Making the renditions of {count} image{'s' if count != 1 else ''} again, in the "
            "background. They show as processing until done.",
            messages.SUCCESS,
        )

    def save_form(self, request, form, change):
        form.user = request.user
        return form.save(commit=False)

    def holds_save(self, request, obj, form):
        # "Add to gallery" alone changes the gallery, which waits on its own if it is live.
        restoring = getattr(request, "restoring", None) is not None
        if not restoring and set(form.changed_data) <= {"add_to_gallery"}:
            return False
        return super().holds_save(request, obj, form)

    def proposed_change(self, request):
        """An image's tags can put it on a public page: the tags sent are tried on it."""
        try:
            tags = self.form.base_fields["tags"].clean(request.POST.get("tags", ""))
        except ValidationError:
            return None  # the form refuses the save, and says why
        return lambda image: image.tags.set(tags)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        # A new image was saved by the form through services.ingest, audit fields included.

    def log_addition(self, request, obj, message):
        if getattr(obj, "_reused", False):
            return None
        return super().log_addition(request, obj, message)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        obj._reused = not change and not form.created
        super().save_related(request, form, formsets, change)
        if not change and form.created:
            request.tags_withheld = withhold_new_images_tags(obj, request.user) is not None
        gallery = form.cleaned_data.get("add_to_gallery")
        may_add = request.user.has_perm("media_gallery.add_galleryimage")
        if gallery is not None and may_add and add_to_live_gallery(request, gallery, [obj]):
            # Not message_user: a held save of the image says so in the message that follows.
            messages.success(request, f"Added to the gallery “{gallery}”.")

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(obj, "_reused", False):
            self.message_user(
                request,
                f"This file is already in the library as “{obj}”, so nothing new was stored. "
                "Its details are below.",
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:media_gallery_image_change", args=[obj.pk]))
        response = super().response_add(request, obj, post_url_continue)
        if getattr(request, "tags_withheld", False):
            self.message_user(request, tags_withheld_message(), messages.WARNING)
        return response

    def get_urls(self):
        return [
            path(
                "upload-many/",
                self.admin_site.admin_view(self.bulk_upload_view),
                name="media_gallery_image_bulk_upload",
            ),
            *super().get_urls(),
        ]

    def bulk_upload_view(self, request):
        """Many files at once; each refused file is named with its reason, the rest are kept."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BulkUploadForm(request.POST or None, request.FILES or None)
        if not request.user.has_perm("media_gallery.add_galleryimage"):
            del form.fields["gallery"]
        if request.method == "POST" and form.is_valid():
            gallery = form.cleaned_data.get("gallery")
            held = gallery is not None and moderation.needs_approval(request.user, gallery)
            if held:
                form.cleaned_data["gallery"] = None  # added below, as a change to approve
            withheld = []

            def keep_from_public(image):
                if withhold_new_images_tags(image, request.user) is not None:
                    withheld.append(image)

            saved, reused, refused = form.save(request.user, on_new=keep_from_public)
            if held and (saved or reused):
                add_to_live_gallery(request, gallery, [image for _, image in saved + reused])
            for name, reason in refused:
                self.message_user(request, f"{name} was not saved: {reason}", messages.ERROR)
            if saved:
                titles = ", ".join(f"{name} (“{image}”)" for name, image in saved)
                self.message_user(
                    request,
                    f"Saved {len(saved)} image{'s' if len(saved) != 1 else ''}: {titles}. "
                    "Check each one's alt text.",
                    messages.SUCCESS,
                )
            if withheld:
                names = [name for name, image in saved if image in withheld]
                self.message_user(request, tags_withheld_message(names), messages.WARNING)
            for name, image in reused:
                self.message_user(
                    request, f"{name} is already in the library as “{image}”.", messages.INFO
                )
            if not refused:
                return HttpResponseRedirect(reverse("admin:media_gallery_image_changelist"))
            # Shown again for the refused files, with what was typed (tags as typed too).
            form = BulkUploadForm(
                initial={
                    **{k: v for k, v in form.cleaned_data.items() if k != "files"},
                    "tags": request.POST.get("tags", ""),
                }
            )
            if not request.user.has_perm("media_gallery.add_galleryimage"):
                del form.fields["gallery"]
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload many images",
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/media_gallery/image/bulk_upload.html", context)


class GalleryImageInline(admin.TabularInline):
    model = GalleryImage
    fields = ["position", "image", "thumbnail", "caption"]
    readonly_fields = ["thumbnail"]
    autocomplete_fields = ["image"]
    ordering = ["position", "pk"]
    extra = 1

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("image")
            .prefetch_related("image__renditions")
        )

    @admin.display(description="Preview")
    def thumbnail(self, obj):
        return thumbnail_html(obj.image) if obj.image_id else ""


@admin.register(Gallery)
class GalleryAdmin(PublishingAdminMixin, AuditedAdmin):
    form = GalleryAdminForm
    inlines = [GalleryImageInline]
    list_display = ["title", "state", "publish_at", "image_count", "updated_at"]
    list_filter = ["status", ("publish_at", admin.DateFieldListFilter), "created_at"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["cover"]
    readonly_fields = ["version"]
    date_hierarchy = "publish_at"
    fieldsets = [
        (None, {"fields": ["title", "slug", "description", "cover"]}),
        (
            "Publishing",
            {
                "fields": ["status", "publish_at"],
                "description": "Only Publishers may publish, schedule or unpublish. A gallery "
                "published with a future date appears on its own at that moment.",
            },
        ),
    ]

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/gallery_order.js"]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # The gallery itself was saved first, so the page cache moves on with it. Done here,
        # inside the save, so that a change held for approval holds the new numbers too.
        renumber_gallery(form.instance)
        if reversion.is_active():
            # bulk_update sends no signal: the revision takes the rows as they are now.
            for item in form.instance.items.all():
                reversion.add_to_revision(item)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        # The hidden version field rides in History (VersionCheckFormMixin).
        history = ["version", "loaded_version", *self.audit_fields]
        return [*self.fieldsets, ("History", {"fields": history})]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(image_count=Count("items"))

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.can_publish = self.has_publish_permission(request)
        return form

    def save_model(self, request, obj, form, change):
        # The form refuses these changes already; this keeps any other path honest too.
        if not self.has_publish_permission(request) and {"status", "publish_at"} & set(
            form.changed_data
        ):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    @admin.display(description="State")
    def state(self, obj):
        return obj.state_label

    @admin.display(description="Images", ordering="image_count")
    def image_count(self, obj):
        return obj.image_count


@admin.register(ImageTag)
class ImageTagAdmin(VocabularyAdmin):
    """The images' vocabulary (articles have their own)."""

    links = "tagged_images"
    items = "Images"
