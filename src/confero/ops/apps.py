from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "confero.ops"
    label = "ops"
    verbose_name = "Operations: serve, backup, restore, sweep"
