from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "News and blog"

    def ready(self):
        from issportal.cache import register_schedule

        from .models import Article

        # Cached pages move on by themselves when a scheduled article goes live.
        register_schedule(Article.objects.next_publish_time)
