from django.core.management.base import BaseCommand, CommandError

from guideline_content.loader import (
    RevisionRefused,
    VersionFrozen,
    load_guideline,
    shipped_version_dirs,
    version_directory,
)
from guideline_content.validation import ContentInvalid, read_version


class Command(BaseCommand):
    help = "Validate and load guideline versions from their data directories (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "directories", nargs="*", help="version directories or codes (default: all shipped)"
        )
        parser.add_argument("--check", action="store_true", help="only validate; load nothing")

    def handle(self, *args, directories, check, **options):
        paths = [version_directory(d) for d in directories] or shipped_version_dirs()
        for path in paths:
            try:
                if check:
                    bundle = read_version(path)
                    self.stdout.write(f"{bundle.version.code}: valid")
                    continue
                result = load_guideline(path=path)
            except ContentInvalid as exc:
                raise CommandError(f"{path}: {len(exc.errors)} problem(s), nothing loaded:\n{exc}") from exc
            except (VersionFrozen, RevisionRefused) as exc:
                raise CommandError(str(exc)) from exc
            counts = f"{result.obligations} obligations, {result.questions} questions"
            self.stdout.write(f"{result.code}: {result.outcome} ({counts})")
