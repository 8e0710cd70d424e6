"""Public gallery pages. Thin generic views sharing GalleryPageMixin.

Only published galleries are public; staff may preview drafts and scheduled ones, and
those previews are never cached (Cache-Control: private, no-cache, no-store).
"""

from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from issportal import moderation
from issportal.cache import computed_on_use
from issportal.mixins import BreadcrumbsMixin, KeptCountMixin

from .models import Gallery, GalleryImage, Image


class GalleryPageMixin(BreadcrumbsMixin):
    section = ("Gallery", "media_gallery:gallery_list")
    gallery = None
    pending = None

    def get_gallery(self):
        """The gallery named in the URL, if this visitor may see it; 404 otherwise."""
        self.gallery = get_object_or_404(
            Gallery.objects.visible_to(self.request.user), slug=self.kwargs["slug"]
        )
        # ?pending=<id>: a change waiting for approval, shown to its author and approvers.
        self.pending = moderation.pending_for_preview(self.request, self.gallery)
        if self.pending is not None:
            moderation.show_proposed(self.gallery, self.pending.data)
        return self.gallery

    def get_breadcrumbs(self):
        crumbs = [(self.section[0], reverse(self.section[1]))]
        if self.gallery is not None:
            crumbs.append((self.gallery.title, self.gallery.get_absolute_url()))
        return crumbs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["gallery"] = self.gallery
        context["preview"] = self.gallery is not None and (
            not self.gallery.is_public or self.pending is not None
        )
        context["pending"] = self.pending
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context.get("preview"):
            add_never_cache_headers(response)
        return response


def items_with_images(gallery):
    return gallery.items.select_related("image").prefetch_related("image__renditions")


def attach_covers(galleries):
    """Give each gallery ``cover_image``: its cover, or else its first image, in one query."""
    galleries = list(galleries)
    wanted = {g: g.cover_id or g.first_image_id for g in galleries}
    images = Image.objects.with_renditions().in_bulk({pk for pk in wanted.values() if pk})
    for gallery, pk in wanted.items():
        gallery.cover_image = images.get(pk)
    return galleries


class GalleryListView(KeptCountMixin, GalleryPageMixin, ListView):
    template_name = "media_gallery/gallery_list.html"
    context_object_name = "galleries"
    paginate_by = 12

    def get_queryset(self):
        first_image = GalleryImage.objects.filter(gallery=OuterRef("pk")).order_by("position", "pk")
        return (
            Gallery.objects.published()
            .annotate(
                image_count=Count("items"),
                first_image_id=Subquery(first_image.values("image_id")[:1]),
            )
            .order_by("-publish_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        galleries = context["galleries"]

        def with_covers():
            attach_covers(galleries)
            return {"galleries": galleries}

        # Read when the list is rendered: it is kept per address and content generation.
        context.update(computed_on_use(with_covers, ["galleries"]))
        return context


class GalleryDetailView(GalleryPageMixin, DetailView):
    template_name = "media_gallery/gallery_detail.html"
    context_object_name = "gallery"

    def get_object(self, queryset=None):
        return self.get_gallery()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.pending is not None:
            context["items"] = self.proposed_items()
        else:
            # Read when the page is rendered: kept per gallery and content generation.
            items = computed_on_use(
                lambda: {"items": list(items_with_images(self.gallery))}, ["items"]
            )
            context.update(items)
        return context

    def proposed_items(self):
        """The gallery's images as the waiting change orders and captions them."""
        items = moderation.proposed_children(self.gallery, "items", self.pending.data)
        images = Image.objects.with_renditions().in_bulk({item.image_id for item in items})
        for item in items:
            item.image = images[item.image_id]
        return [item for item in items if item.image_id in images]


class GalleryImageView(GalleryPageMixin, DetailView):
    """One image in one gallery: large, with its credit and license, and its neighbours."""

    template_name = "media_gallery/image_detail.html"
    context_object_name = "item"

    def get_object(self, queryset=None):
        gallery = self.get_gallery()
        # The image's renditions are read by its picture, in the kept part of the page.
        items = gallery.items.select_related("image")
        return get_object_or_404(items, image_id=self.kwargs["image_pk"])

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (self.object.image.title, self.request.path)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        context["image"] = item.image
        # Read when the page is rendered: kept per gallery image and content generation.
        context.update(computed_on_use(self.neighbours, ["previous", "next", "number", "total"]))
        return context

    def neighbours(self):
        item = self.object
        siblings = self.gallery.items.select_related("image")
        before = Q(position__lt=item.position) | Q(position=item.position, pk__lt=item.pk)
        after = Q(position__gt=item.position) | Q(position=item.position, pk__gt=item.pk)
        place = siblings.aggregate(total=Count("pk"), before=Count("pk", filter=before))
        return {
            "previous": siblings.filter(before).order_by("-position", "-pk").first(),
            "next": siblings.filter(after).order_by("position", "pk").first(),
            "number": place["before"] + 1,
            "total": place["total"],
        }
