from django.apps import AppConfig

from issportal.roles import EDITORS, PUBLISHERS


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "News and blog"
    # What each staff role may do here (issportal.roles reads it, in migrations too).
    role_permissions = {
        EDITORS: {"article": ("add", "change", "view"), "articletag": ("add", "view")},
        PUBLISHERS: {"article": ("delete", "publish")},
    }

    def ready(self):
        from issportal import moderation, registry
        from issportal.cache import register_schedule
        from media_gallery.models import Image

        from .models import Article, shows_as_a_hero

        # Its tags are its own models (ArticleTag, TaggedArticle), so content too.
        registry.register_content_app(self)
        # Cached pages move on by themselves when a scheduled article goes live.
        register_schedule(Article.objects.next_publish_time)
        # A published article's hero is public: an Editor's change to it waits.
        moderation.also_live_when(Image, shows_as_a_hero)
