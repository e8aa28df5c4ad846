from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "confero.submissions"
    label = "submissions"
    verbose_name = "Submissions"

    def ready(self) -> None:
        from confero.people.signals import email_verified

        email_verified.connect(_link_authorships, dispatch_uid="submissions.link_authorships")


def _link_authorships(sender, user, **kwargs) -> None:
    from .claims import link_user_to_authorships

    link_user_to_authorships(user)
