"""Build a questionnaire revision of an edition in a temporary directory, as an author would."""

import shutil
from pathlib import Path

import yaml

COPIED = ("schemes.yaml", "triage.yaml", "obligations", "questions")


def make_revision(
    edition_dir: Path,
    number: int = 2,
    *,
    status: str = "published",
    published_on: str = "2026-12-04",
    notes_en: str = "Question wording corrected.",
    notes_zh: str = "修正問題的措辭。",
) -> Path:
    """A copy of the edition's questionnaire files as `<edition>-r<number>/` beside it, with revision.yaml."""
    target = edition_dir.parent / f"{edition_dir.name}-r{number}"
    target.mkdir()
    for name in COPIED:
        source = edition_dir / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    write(
        target / "revision.yaml",
        {
            "edition": edition_dir.name,
            "revision": number,
            "status": status,
            "published_on": published_on,
            "notes": {"en": notes_en, "zh_hant": notes_zh},
        },
    )
    return target


def read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_question(directory: Path, role: str, code: str, **changes) -> None:
    """Change fields of one question; a Text field is given as {"en": ..., "zh_hant": ...}."""
    path = directory / "questions" / f"{role}.yaml"
    data = read(path)
    question = next(q for q in data["questions"] if q["code"] == code)
    question.update(changes)
    write(path, data)


def copy_edition(code: str, into: Path) -> Path:
    """A writable copy of a shipped edition's directory (to build a revision of it beside it)."""
    from guideline_content.loader import DATA_DIR

    target = into / code
    shutil.copytree(DATA_DIR / code, target)
    return target


def next_revision(edition: str) -> int:
    """The number a new revision of a loaded edition gets: one past the newest loaded (shipped
    revisions may exist beside the edition, so tests never assume which numbers are free)."""
    from django.db.models import Max

    from guideline_content.models import GuidelineVersion

    return (GuidelineVersion.objects.filter(edition=edition).aggregate(n=Max("revision"))["n"] or 0) + 1
