from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "confero.workshops"
    label = "workshops"
    verbose_name = "Workshops"
