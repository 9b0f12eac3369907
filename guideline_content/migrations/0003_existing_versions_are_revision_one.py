from django.db import migrations
from django.db.models import F


def existing_rows_are_their_own_edition(apps, schema_editor):
    # Every row loaded before questionnaire revisions existed is revision 1 of its own edition.
    apps.get_model("guideline_content", "GuidelineVersion").objects.filter(edition="").update(
        edition=F("code")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("guideline_content", "0002_add_questionnaire_revision"),
    ]

    operations = [
        migrations.RunPython(existing_rows_are_their_own_edition, migrations.RunPython.noop),
    ]
