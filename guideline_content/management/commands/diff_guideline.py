from django.core.management.base import BaseCommand, CommandError

from guideline_content.diff import diff_versions
from guideline_content.loader import version_directory
from guideline_content.validation import ContentInvalid, read_version


class Command(BaseCommand):
    help = "List what was added, removed and changed between two guideline versions, by code."

    def add_arguments(self, parser):
        parser.add_argument("old", help="version code or directory")
        parser.add_argument("new", help="version code or directory")

    def handle(self, *args, old, new, **options):
        try:
            before, after = read_version(version_directory(old)), read_version(version_directory(new))
        except ContentInvalid as exc:
            raise CommandError(str(exc)) from exc
        changes = diff_versions(before, after)
        self.stdout.write(f"{before.version.code} -> {after.version.code}: {len(changes)} change(s)")
        for change in changes:
            self.stdout.write(str(change))
