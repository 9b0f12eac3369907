from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("guideline_content", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="guidelineversion",
            options={"ordering": ["-published_on", "-revision"], "verbose_name": "guideline version"},
        ),
        # Filled with each row's own code by the next migration: every existing row is revision 1.
        migrations.AddField(
            model_name="guidelineversion",
            name="edition",
            field=models.SlugField(default="", max_length=60, verbose_name="edition"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="guidelineversion",
            name="revision",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="questionnaire revision"),
        ),
        migrations.AddField(
            model_name="guidelineversion",
            name="revision_published_on",
            field=models.DateField(blank=True, null=True, verbose_name="revision published on"),
        ),
        migrations.AddField(
            model_name="guidelineversion",
            name="revision_notes",
            field=models.TextField(blank=True, verbose_name="what changed and why"),
        ),
        migrations.AddField(
            model_name="guidelineversion",
            name="revision_notes_en",
            field=models.TextField(blank=True, null=True, verbose_name="what changed and why"),
        ),
        migrations.AddField(
            model_name="guidelineversion",
            name="revision_notes_zh_hant",
            field=models.TextField(blank=True, null=True, verbose_name="what changed and why"),
        ),
    ]
