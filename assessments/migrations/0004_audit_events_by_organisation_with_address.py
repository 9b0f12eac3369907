import django.db.models.deletion
from django.db import migrations, models


def fill_organisation(apps, schema_editor):
    AuditEvent = apps.get_model("assessments", "AuditEvent")
    for event in AuditEvent.objects.select_related("assessment").filter(organisation__isnull=True):
        AuditEvent.objects.filter(pk=event.pk).update(organisation_id=event.assessment.organisation_id)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_add_report")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="assessments.organisation",
            ),
        ),
        migrations.RunPython(fill_organisation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="assessments.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="assessment",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="assessments.assessment",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="ip_address",
            field=models.GenericIPAddressField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["organisation", "-at"], name="audit_event_org_at"),
        ),
    ]
