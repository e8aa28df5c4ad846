from django.apps import AppConfig


class PhasesConfig(AppConfig):
    name = "confero.phases"
    label = "phases"
    verbose_name = "Review phases"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from confero.workshops.models import Workshop

        from .signals import create_phases

        post_save.connect(create_phases, sender=Workshop, dispatch_uid="confero.phases.create")
