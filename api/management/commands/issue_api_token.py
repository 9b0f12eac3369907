from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import User
from api import services
from assessments.services import ServiceError


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (it is shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--days", type=int, default=None, help="expire after this many days")

    def handle(self, *args, email, name, days, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with the e-mail {email}.")
        expires = timezone.now() + timedelta(days=days) if days else None
        try:
            _token, secret = services.create_token(user=user, name=name, expires_at=expires)
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(secret)
