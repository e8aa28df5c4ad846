from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "confero.matching"
    label = "matching"
    verbose_name = "Matching runs and assignments"
