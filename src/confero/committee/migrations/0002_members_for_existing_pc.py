"""Every existing PC role gets its committee settings row (new roles get one from a signal)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Role = apps.get_model("people", "Role")
    CommitteeMember = apps.get_model("committee", "CommitteeMember")
    have = set(CommitteeMember.objects.values_list("workshop_id", "user_id"))
    missing = {
        (workshop_id, user_id)
        for workshop_id, user_id in Role.objects.filter(kind="pc").values_list("workshop_id", "user_id")
        if (workshop_id, user_id) not in have
    }
    CommitteeMember.objects.bulk_create(
        [CommitteeMember(workshop_id=w, user_id=u) for w, u in sorted(missing)], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0001_initial"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
