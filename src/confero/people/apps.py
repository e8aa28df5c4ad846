from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "confero.people"
    label = "people"
    verbose_name = "People and roles"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from .lockout import on_locked_out
        from .signals import remind_unverified

        user_logged_in.connect(remind_unverified, dispatch_uid="confero.people.remind_unverified")
        user_locked_out.connect(on_locked_out, dispatch_uid="confero.people.on_locked_out")
