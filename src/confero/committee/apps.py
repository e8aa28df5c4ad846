from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "confero.committee"
    label = "committee"
    verbose_name = "Program committee"
