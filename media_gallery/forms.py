import re
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from taggit.forms import TagField

from issportal.versioning import VersionCheckFormMixin

from . import services, validation
from .models import Gallery, GalleryImage, Image

ACCEPT = ",".join(f"image/{fmt.lower()}" for fmt in validation.ALLOWED_FORMATS)
UPLOAD_HELP = (
    f"{validation.ALLOWED_LABEL}, up to {validation.MAX_UPLOAD_BYTES // (1024 * 1024)} MB "
    f"and {validation.megapixels(validation.MAX_PIXELS)} megapixels. The file is checked by "
    "its content, stored under a new name, and shown without its camera or location data."
)

# What staff write about an image (the file, its size and hash come from the upload).
DESCRIPTION_FIELDS = ("title", "alt_text", "caption", "credit", "license", "source_url", "taken_at")


class ImageForm(VersionCheckFormMixin, forms.ModelForm):
    """Adds one image. The file is checked by content; the same file again reuses its Image.

    ``save()`` always writes (it goes through ``services.ingest_checked``); afterwards
    ``created`` says whether a new Image was made. On change the file stays as it is.
    """

    upload = forms.FileField(
        label="Image file",
        help_text=UPLOAD_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    class Meta:
        model = Image
        fields = ["upload", *DESCRIPTION_FIELDS, "tags"]

    add_to_gallery = forms.ModelChoiceField(
        Gallery.objects.order_by("title"),
        required=False,
        label="Add to gallery",
        help_text="Puts this image at the end of the gallery you choose.",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.checked = None
        self.created = False
        if self.instance.pk:
            del self.fields["upload"]
        else:
            del self.fields["add_to_gallery"]

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        self.checked = validation.check_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload is not None and cleaned.get("alt_text"):
            try:
                validation.validate_alt_text(cleaned["alt_text"], upload.name)
            except ValidationError as error:
                self.add_error("alt_text", error)
        return cleaned

    def save(self, commit=True):
        if self.instance.pk:
            return super().save(commit)
        fields = {name: self.cleaned_data[name] for name in DESCRIPTION_FIELDS}
        result = services.ingest_checked(
            self.checked,
            user=self.user,
            file_name=self.cleaned_data["upload"].name,
            tags=self.cleaned_data.get("tags") or (),
            **fields,
        )
        self.instance, self.created = result.image, result.created
        self.save_m2m = lambda: None  # tags were set by ingest
        return self.instance


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        """The files as sent. Each is judged on its own later (an empty one included),
        so one bad file never refuses the others; only "no file at all" is an error here."""
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            super().clean(None, initial)  # "This field is required."
        return files


def title_from_file_name(name: str) -> str:
    """A title from a file name: "soyuz_ms-25-docking.jpg" -> "Soyuz ms 25 docking"."""
    stem = PurePath(name).stem
    words = re.sub(r"[\s_\-.]+", " ", stem).strip()
    return (words[:1].upper() + words[1:])[:200] or "Untitled image"


class BulkUploadForm(forms.Form):
    MAX_FILES = 50

    files = MultipleFileField(label="Image files", help_text=UPLOAD_HELP)
    alt_text_prefix = forms.CharField(
        label="Alt text prefix",
        required=False,
        max_length=150,
        help_text="Each image's alt text is this prefix followed by the title made from its "
        "file name, e.g. “Soyuz docking”. Review every alt text afterwards.",
    )
    credit = forms.CharField(max_length=200, required=False)
    license = forms.CharField(max_length=100, required=False)
    taken_at = forms.DateField(label="Date taken", required=False)
    tags = TagField(required=False)
    gallery = forms.ModelChoiceField(
        Gallery.objects.order_by("title"),
        required=False,
        help_text="Add the images at the end of this gallery.",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > self.MAX_FILES:
            raise ValidationError(f"Upload at most {self.MAX_FILES} files at once.")
        return files

    def save(self, user, *, on_new=None):
        """Ingest each file on its own: returns (saved, reused, refused [(name, reason)]).

        ``on_new(image)`` runs for each new image inside the transaction that stores it.
        """
        saved, reused, refused = [], [], []
        data = self.cleaned_data
        gallery = data.get("gallery")
        prefix = data.get("alt_text_prefix", "").strip()
        for upload in data["files"]:
            title = title_from_file_name(upload.name)
            try:
                with transaction.atomic():
                    result = services.ingest(
                        upload,
                        user=user,
                        file_name=upload.name,
                        tags=data.get("tags") or (),
                        title=title,
                        alt_text=f"{prefix} {title}" if prefix else title,
                        credit=data.get("credit", ""),
                        license=data.get("license", ""),
                        taken_at=data.get("taken_at"),
                    )
                    if gallery is not None:
                        add_to_gallery(gallery, result.image)
                    if on_new is not None and result.created:
                        on_new(result.image)
            except ValidationError as error:
                refused.append((upload.name, " ".join(error.messages)))
                continue
            except (OSError, ValueError, RuntimeError) as error:
                # An encoder that gives up on this file (services.ingest removed what it
                # wrote): the others go on, and this one is named.
                refused.append((upload.name, f"It could not be processed ({error})."))
                continue
            (saved if result.created else reused).append((upload.name, result.image))
        return saved, reused, refused


def add_to_gallery(gallery, image):
    """Put ``image`` at the end of ``gallery`` unless it is there already."""
    if gallery.items.filter(image=image).exists():
        return
    last = gallery.items.order_by("-position").values_list("position", flat=True).first()
    GalleryImage.objects.create(gallery=gallery, image=image, position=(last or 0) + 1)


class GalleryAdminForm(VersionCheckFormMixin, forms.ModelForm):
    """Whoever lacks ``publish_gallery`` may edit a gallery but not its status or publish date.

    The admin sets ``can_publish``; the check is made here, on the server, whatever the
    browser sends.
    """

    PUBLISH_FIELDS = ("status", "publish_at")
    can_publish = False

    class Meta:
        model = Gallery
        fields = ["title", "slug", "description", "cover", "status", "publish_at"]

    def clean(self):
        cleaned = super().clean()
        if not self.can_publish:
            for name in self.PUBLISH_FIELDS:
                if name in self.changed_data:
                    self.add_error(
                        name,
                        ValidationError(
                            "Only Publishers may publish, schedule or unpublish a gallery; "
                            "leave this as it was and a Publisher will do it.",
                            code="publish_permission",
                        ),
                    )
        return cleaned
