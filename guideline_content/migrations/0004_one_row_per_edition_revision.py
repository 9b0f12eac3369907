from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("guideline_content", "0003_existing_versions_are_revision_one"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="guidelineversion",
            constraint=models.UniqueConstraint(
                fields=("edition", "revision"), name="one_row_per_edition_revision"
            ),
        ),
        migrations.AddConstraint(
            model_name="guidelineversion",
            constraint=models.CheckConstraint(condition=models.Q(revision__gte=1), name="revision_from_one"),
        ),
    ]
