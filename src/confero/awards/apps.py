from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "confero.awards"
    label = "awards"
    verbose_name = "Orals and awards"
