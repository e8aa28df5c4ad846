from django.apps import AppConfig


class CommitteeConfig(AppConfig):
    name = "confero.committee"
    label = "committee"
    verbose_name = "Program committee"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from confero.people.models import Role

        from .signals import member_on_pc_role

        # One way: people/ knows nothing of the committee; a PC role (granted directly or by accepting an
        # invitation) gets its committee settings row here.
        post_save.connect(member_on_pc_role, sender=Role, dispatch_uid="committee.member_on_pc_role")
