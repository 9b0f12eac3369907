from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DemoRefused, seed_demo_accounts


class Command(BaseCommand):
    help = "Create the demo accounts of a local portal (only with DEBUG on); existing ones are left alone."

    def handle(self, *args, **options):
        try:
            accounts = seed_demo_accounts()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("Demo accounts (log in at http://127.0.0.1:8000/admin/):")
        for account in accounts:
            note = "" if account.created else "  (already existed: password left as it was)"
            self.stdout.write(f"  {account.audience:<22} {account.username} / {account.password}{note}")
