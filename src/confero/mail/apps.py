from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "confero.mail"
    label = "mail"
    verbose_name = "Mail outbox"
