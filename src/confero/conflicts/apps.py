from django.apps import AppConfig


class ConflictsConfig(AppConfig):
    name = "confero.conflicts"
    label = "conflicts"
    verbose_name = "Conflicts of interest"
