from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "confero.checks"
    label = "checks"
    verbose_name = "Open-science and integrity checks"
