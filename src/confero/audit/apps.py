from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "confero.audit"
    label = "audit"
    verbose_name = "Audit log"
