"""On PostgreSQL the audit trail is append-only in the database itself: UPDATE and DELETE are refused."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION assessments_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on assessments_auditevent refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER assessments_auditevent_append_only
    BEFORE UPDATE OR DELETE ON assessments_auditevent
    FOR EACH ROW EXECUTE FUNCTION assessments_auditevent_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS assessments_auditevent_append_only ON assessments_auditevent;
DROP FUNCTION IF EXISTS assessments_auditevent_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_audit_events_by_organisation_with_address")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
