from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "confero.web"
    label = "web"
    verbose_name = "Confero site"
