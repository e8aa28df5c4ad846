from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "confero.web"
    label = "web"
    verbose_name = "Confero site"

    def ready(self) -> None:
        from confero.permissions.facts import connect

        from . import checks  # noqa: F401  (registers the deployment checks)
        from .fork_safety import install

        connect()
        install()  # a forked child never closes the connections of the worker's other threads
