from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "confero.grants"
    label = "grants"
    verbose_name = "Travel grants"
