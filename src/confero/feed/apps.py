from django.apps import AppConfig


class FeedConfig(AppConfig):
    name = "confero.feed"
    label = "feed"
    verbose_name = "Paper feed"
