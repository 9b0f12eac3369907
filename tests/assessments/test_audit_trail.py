"""The audit trail: every event knows its organisation and the client's address, and cannot be rewritten."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from assessments.models import AuditEvent
from assessments.services.audit import record_event
from portal.request_context import RequestContextMiddleware
from tests.assessments.helpers import start
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db


def test_an_event_about_an_assessment_belongs_to_its_organisation(owner, organisation):
    assessment = start(AISystemFactory(organisation=organisation), owner)
    event = record_event(AuditEvent.Action.RESCORE_REQUESTED, actor=owner, assessment=assessment, n=1)
    assert (event.organisation, event.assessment, event.detail) == (organisation, assessment, {"n": 1})
    assert event.ip_address is None  # not in a request: a worker or a command


def test_an_event_written_during_a_request_keeps_the_client_address(rf, owner, organisation):
    def view(request):
        return record_event(AuditEvent.Action.RESCORE_REQUESTED, actor=owner, organisation=organisation)

    event = RequestContextMiddleware(view)(rf.get("/", REMOTE_ADDR="198.51.100.7"))
    assert (event.ip_address, event.assessment) == ("198.51.100.7", None)
    assert AuditEvent.objects.get(pk=event.pk).ip_address == "198.51.100.7"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize("change", ["update", "delete"])
def test_the_database_refuses_to_change_or_delete_an_event(owner, organisation, change):
    event = record_event(AuditEvent.Action.RESCORE_REQUESTED, actor=owner, organisation=organisation)
    rows = AuditEvent.objects.filter(pk=event.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        rows.update(detail={"forged": True}) if change == "update" else rows.delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == {}
