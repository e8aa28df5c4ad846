"""Security fix: author rows were linked to accounts whose address was never verified (anybody could sign
up as a co-author's address and see, download and withdraw the paper). Unlink them; the owner of the
address gets the authorship back by verifying it (or through the claim link mailed to it)."""

from django.db import migrations


def unlink(apps, schema_editor):
    SubmissionAuthor = apps.get_model("submissions", "SubmissionAuthor")
    Role = apps.get_model("people", "Role")
    rows = SubmissionAuthor.objects.filter(user__isnull=False, user__email_verified=False)
    affected = {(r.submission.workshop_id, r.user_id) for r in rows.select_related("submission")}
    rows.update(user=None)
    for workshop_id, user_id in affected:
        still = SubmissionAuthor.objects.filter(submission__workshop_id=workshop_id, user_id=user_id).exists()
        if not still:
            Role.objects.filter(workshop_id=workshop_id, user_id=user_id, kind="author").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0002_invariants"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(unlink, migrations.RunPython.noop)]
