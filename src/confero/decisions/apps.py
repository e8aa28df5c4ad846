from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "confero.decisions"
    label = "decisions"
    verbose_name = "Decisions"
