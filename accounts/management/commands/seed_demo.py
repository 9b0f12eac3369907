from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DemoRefused, seed_demo_accounts
from accounts.models import User
from assessments.demo import DEMO_TRIAGE, seed_demo_organisation, seed_demo_results
from portal.base_url import portal_base_url
from reviews.demo import seed_demo_reviews


class Command(BaseCommand):
    help = "Create the demo accounts and organisation of a local portal (DEBUG only); existing ones stay."

    def handle(self, *args, **options):
        try:
            accounts = seed_demo_accounts()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        users = {account.username: account for account in accounts}
        organisation = seed_demo_organisation(
            owner=User.objects.get(username=users["owner"].username),
            editor=User.objects.get(username=users["editor"].username),
        )
        scored = seed_demo_results(
            organisation=organisation,
            owner=User.objects.get(username=users["owner"].username),
            editor=User.objects.get(username=users["editor"].username),
        )
        self.stdout.write(f"Demo accounts (log in at {portal_base_url()}/accounts/login/ with the e-mail):")
        for account in accounts:
            note = "" if account.created else "  (already existed: password left as it was)"
            self.stdout.write(f"  {account.audience:<22} {account.email} / {account.password}{note}")
        self.stdout.write(f"Demo organisation: {organisation.name}")
        self.stdout.write(
            f"Submitted and scored, with reports: {portal_base_url()}/assessments/{scored.pk}/results/"
        )
        for line in seed_demo_reviews(
            organisation=organisation,
            owner=User.objects.get(username=users["owner"].username),
            reviewer=User.objects.get(username=users["reviewer"].username),
            auditor=User.objects.get(username=users["auditor"].username),
            triage=DEMO_TRIAGE,
        ):
            self.stdout.write(f"  {line}")
        self.stdout.write(
            "DPO staff and auditors log in with two-factor authentication: after the password, enter the\n"
            "code printed by  .venv/bin/python manage.py demo_totp reviewer@example.org\n"
            "  (or dpo-admin@example.org, or auditor@example.org)"
        )
