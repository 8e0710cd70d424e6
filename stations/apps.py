from django.apps import AppConfig

from issportal.roles import ALL, DATA_EDITORS, EDITORS, PUBLISHERS

# The data editors keep the station's history: every model of it.
HISTORY_MODELS = (
    "agency",
    "astronaut",
    "expedition",
    "expeditionmember",
    "commandterm",
    "spacewalk",
    "spacewalkcrew",
    "spacecrafttype",
    "visit",
    "visitport",
    "stay",
    "module",
    "datasource",
)
# The FAQ is site text: editors write it as well as the data editors, and a Publisher
# publishes it, or a change to a published question (issportal.moderation).
FAQ_WRITING = {"question": ("add", "change", "view")}


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = "Station history"
    # What each staff role may do here (issportal.roles reads it, in migrations too).
    role_permissions = {
        DATA_EDITORS: {**dict.fromkeys(HISTORY_MODELS, ALL), **FAQ_WRITING},
        EDITORS: FAQ_WRITING,
        PUBLISHERS: {"question": ("delete", "publish")},
    }

    def ready(self):
        from issportal import moderation, registry
        from media_gallery.models import Image

        from . import signals  # noqa: F401 - connects the receivers
        from .models import shows_image

        registry.register_content_app(self)
        # Station pages are public: an Editor's change to a picture one shows waits.
        moderation.also_live_when(Image, shows_image)
