from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from guideline_content.changes import present
from guideline_content.diff import compare, diff_versions
from guideline_content.loader import version_directory
from guideline_content.models import version_label
from guideline_content.validation import ContentInvalid, GuidelineBundle, read_version
from portal.text import section_reference


def _name(bundle: GuidelineBundle) -> str:
    return f"{bundle.version.code} ({version_label(bundle.version.label, bundle.revision_number)})"


class Command(BaseCommand):
    help = (
        "Show what changed between two guideline versions (editions or questionnaire revisions): each "
        "change under its role and guideline section with the text before and after, and what copy-forward "
        "does to an assessment carried onto the newer one. Reads only the data files: no database needed."
    )
    requires_system_checks = []  # read-only: it must run wherever the data files are

    def add_arguments(self, parser):
        parser.add_argument("old", help="version code or directory")
        parser.add_argument("new", help="version code or directory")
        parser.add_argument(
            "--language", choices=["en", "zh-hant"], default="en", help="language of the text"
        )
        parser.add_argument("--codes", action="store_true", help="one line per change, by code only")

    def handle(self, *args, old, new, language, codes, **options):
        try:
            before, after = read_version(version_directory(old)), read_version(version_directory(new))
        except ContentInvalid as exc:
            raise CommandError(str(exc)) from exc
        if codes:
            changes = diff_versions(before, after)
            self.stdout.write(f"{before.version.code} -> {after.version.code}: {len(changes)} change(s)")
            for change in changes:
                self.stdout.write(str(change))
            return
        with translation.override(language):
            self.write_readable(compare(before, after), "zh_hant" if language == "zh-hant" else "en")

    def write_readable(self, comparison, lang: str) -> None:
        out = self.stdout.write
        count = len(comparison.changes)
        out(f"{_name(comparison.old)} -> {_name(comparison.new)}: {count} change(s)")
        roles, carried = present(comparison, lang)
        for role in roles:
            out(f"\n== {role.name} ==")
            for group in role.sections:
                out(f"\n-- {section_reference(group.section) if group.section else '—'} --")
                for change in group.changes:
                    recheck = f"  [{translation.gettext('answers: check again')}]" if change.recheck else ""
                    out(f"{change.kind_label}: {change.item_label} {change.code}{recheck}")
                    out(f"    {change.headline}")
                    for field in change.fields:
                        out(f"    {field.label}")
                        out(f"      - {' / '.join(field.before) or '—'}")
                        out(f"      + {' / '.join(field.after) or '—'}")
        out(f"\n== {translation.gettext('For an assessment carried forward')} ==")
        for role in carried:
            kept = translation.ngettext(
                "%(counter)s answer carried over as it is.",
                "%(counter)s answers carried over as they are.",
                role.kept,
            ) % {"counter": role.kept}
            out(f"{role.role}: {kept}")
            for title, questions in (
                (translation.gettext("Check again:"), role.recheck),
                (translation.gettext("Not carried (the question was removed):"), role.dropped),
                (translation.gettext("New questions to answer:"), role.new),
            ):
                if questions:
                    out(f"  {title}")
                    for question in questions:
                        out(f"    {question.code} {question.text}")
