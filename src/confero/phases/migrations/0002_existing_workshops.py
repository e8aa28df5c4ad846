"""Give workshops that existed before phases their seven phases (the submission phase running)."""

from django.db import migrations

KINDS = ["submission", "bidding", "reviewing", "discussion", "decision", "released", "camera_ready"]


def create(apps, schema_editor):
    from confero.phases.models import DEFAULT_FLAGS

    Workshop = apps.get_model("workshops", "Workshop")
    Phase = apps.get_model("phases", "Phase")
    for ws in Workshop.objects.all():
        if Phase.objects.filter(workshop=ws).exists():
            continue
        Phase.objects.bulk_create(
            Phase(
                workshop=ws,
                kind=kind,
                position=i,
                starts_at=None,
                **DEFAULT_FLAGS.get(kind, {}),
            )
            for i, kind in enumerate(KINDS)
        )


class Migration(migrations.Migration):
    dependencies = [("phases", "0001_initial"), ("workshops", "0002_pdf_page_cap_and_drafts")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
