from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "confero.site"
    label = "public_site"
    verbose_name = "Public proceedings site"
