"""Two organizers choosing the last oral at the same moment: one gets it, the other is told it is full."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from confero.awards import services
from confero.awards.models import Pick
from confero.submissions.models import Submission
from tests.concurrency import run_together


@pytest.mark.django_db(transaction=True)
def test_the_last_oral_goes_to_one_of_two_organizers(accepted, workshop):
    workshop.num_orals = 1
    workshop.save(update_fields=["num_orals"])
    first, second = accepted["organizer"], accepted["second"]
    ids = accepted["papers"][3].pk, accepted["papers"][2].pk
    results = run_together(
        [
            lambda: services.pick(first, Submission.objects.get(pk=ids[0]), "oral"),
            lambda: services.pick(second, Submission.objects.get(pk=ids[1]), "oral"),
        ]
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1 and Pick.objects.filter(kind="oral").count() == 1, results
