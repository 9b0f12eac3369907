"""One list of sectors for the registers and triage, and triage prefilled from the register."""

import pytest
from django.urls import reverse

from assessments.forms.organisations import AISystemForm
from assessments.services import assessments as services
from guideline_content.models import TriageQuestion
from guideline_content.sectors import SECTOR_FACT, SECTORS
from tests.assessments.helpers import TRIAGE, start

pytestmark = pytest.mark.django_db
CODES = [code for code, _label in SECTORS]


@pytest.mark.parametrize("version", ["hk-genai-2025-04", "hk-genai-2025-12"])
def test_every_sector_a_shipped_version_knows_is_in_the_one_list(version):
    """Triage answers stored with the frozen options stay valid now that triage offers the one list."""
    question = TriageQuestion.objects.get(version__code=version, code=SECTOR_FACT)
    assert {o.code for o in question.options.all()} <= set(CODES)
    assert [o.code for o in question.choices] == CODES


def test_the_system_register_offers_the_same_sectors_including_insurance():
    choices = [code for code, _label in AISystemForm.base_fields["sector"].choices if code]
    assert choices == CODES and "insurance" in choices


def test_triage_is_prefilled_with_the_sector_of_the_system(client, system, owner):
    system.sector = "insurance"
    system.save()
    assessment = start(system, owner, triage=None)
    client.force_login(owner)
    page = client.get(reverse("assessments:triage", args=[assessment.pk])).content.decode()
    assert '<option value="insurance" selected>' in page


def test_triage_keeps_a_stored_sector_over_the_register(client, system, owner):
    assessment = start(system, owner)  # triaged as retail
    system.sector = "finance"
    system.save()
    client.force_login(owner)
    page = client.get(reverse("assessments:triage", args=[assessment.pk])).content.decode()
    assert '<option value="retail" selected>' in page


def test_insurance_is_a_valid_triage_answer(system, owner):
    assessment = start(system, owner, triage=None)
    services.save_triage(assessment=assessment, answers={**TRIAGE, "sector": "insurance"}, by=owner)
    assessment.refresh_from_db()
    assert assessment.triage_facts["sector"] == "insurance"
