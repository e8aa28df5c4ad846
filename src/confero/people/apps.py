from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "confero.people"
    label = "people"
    verbose_name = "People and roles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .signals import remind_unverified

        user_logged_in.connect(remind_unverified, dispatch_uid="confero.people.remind_unverified")
