from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "confero.program"
    label = "program"
    verbose_name = "Program and poster sessions"
