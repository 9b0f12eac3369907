"""Write the dashboard's and benchmark's score lines from the stored results (once, after upgrading
to the release that added them; running it again changes nothing)."""

from django.core.management.base import BaseCommand

from assessments.services import summary


class Command(BaseCommand):
    help = "Rebuild the score lines of the DPO dashboard and the sector benchmark from stored results."

    def handle(self, *args, **options):
        count = summary.rebuild_all()
        self.stdout.write(f"Score lines written for {count} assessments.")
