"""The questionnaire as a spreadsheet and back: export with the current answers (XLSX or CSV), fill it
offline, import it with a preview, apply it through the bulk service (all or nothing).

Every file carries a signed stamp: the assessment and the version of every answer at export. A file
of another assessment, or whose codes or versions were altered, is refused whole; a stale one (an
answer changed since export) shows each conflict and applies nothing.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core import signing
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models import Assessment
from assessments.services import ServiceError
from assessments.services.bulk_answers import AnswerUpdate, BulkOutcome, BulkRejected, upsert_answers
from assessments.services.questionnaire import Item, load_questionnaire

SALT = "assessments.spreadsheet"
STAMP_MARK = "#gaip-export"
MAX_ROWS = 1000
MAX_BYTES = 5 * 1024 * 1024
# A cell starting with one of these is a formula to Excel, LibreOffice or Sheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
COLUMNS = ["code", "section", "question", "help", "answer", "not_applicable", "na_reason", "comment",
           "allowed_answers", "version"]  # fmt: skip


class SpreadsheetRefused(ServiceError):
    """The whole file is refused (unreadable, of another assessment, altered); nothing is applied."""


@dataclass(frozen=True)
class RowProblem:
    row: int
    question_code: str
    message: str


@dataclass
class ImportPlan:
    updates: list[AnswerUpdate] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    outcome: BulkOutcome | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # code, now, after: readable lines

    @property
    def can_apply(self) -> bool:
        return not self.problems and self.outcome is not None and bool(self.outcome.changed)


def _headers() -> list[str]:
    return [
        _("Code"), _("Section"), _("Question"), _("What good looks like"), _("Answer"), _("Not applicable"),
        _("Reason it does not apply"), _("Comment"), _("Allowed answers"), _("Version (do not change)"),
    ]  # fmt: skip


def neutralise(text: str) -> str:
    """Text a spreadsheet will show as text, never run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _xlsx_text(text: str) -> str:
    """XLSX cannot hold C0 control characters (openpyxl raises): one stored before they were refused, or
    in a question's wording, is shown as U+FFFD rather than failing the whole export."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", neutralise(text))


def _restore(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _yes_no() -> tuple[str, str]:
    return _("Yes"), _("No")


def _row(item: Item) -> list:
    answer = item.answer
    options = item.options
    value = item.label_of(answer.value) if answer and options else (answer.value if answer else "")
    yes, no = _yes_no()
    return [
        item.question.code, str(item.question.dimension.name), item.question.text, item.question.help,
        value, yes if answer and answer.not_applicable else no, answer.na_reason if answer else "",
        answer.comment if answer else "", " | ".join(str(o.label) for o in options) or _("Free text"),
        answer.version if answer else 0,
    ]  # fmt: skip


def _stamp(assessment: Assessment, items: list[Item]) -> str:
    versions = {item.question.code: (item.answer.version if item.answer else 0) for item in items}
    return signing.dumps({"a": assessment.pk, "v": versions}, salt=SALT, compress=True)


def export_csv(assessment: Assessment) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read Chinese text correctly."""
    items = load_questionnaire(assessment).items
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([STAMP_MARK, _stamp(assessment, items)])
    writer.writerow(_headers())
    for item in items:
        writer.writerow([neutralise(v) if isinstance(v, str) else v for v in _row(item)])
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(assessment: Assessment) -> bytes:
    # openpyxl is imported by the few requests that need it, not by every web worker
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    """One row per applicable question; the answer and N/A columns offer the allowed values as drop-downs."""
    items = load_questionnaire(assessment).items
    book = Workbook()
    sheet = book.active
    sheet.title = _("Answers")[:31]
    lists = book.create_sheet("lists")
    about = book.create_sheet("about")
    lists.sheet_state = about.sheet_state = "hidden"
    about["A1"], about["B1"] = STAMP_MARK, _stamp(assessment, items)
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    yes_no = DataValidation(type="list", formula1=f'"{",".join(_yes_no())}"', allow_blank=True)
    sheet.add_data_validation(yes_no)
    for number, item in enumerate(items, start=2):
        for column, value in enumerate(_row(item), start=1):
            cell = sheet.cell(
                row=number, column=column, value=_xlsx_text(value) if isinstance(value, str) else value
            )
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        yes_no.add(f"F{number}")
        if item.options:
            for column, option in enumerate(item.options, start=1):
                lists.cell(row=number, column=column, value=_xlsx_text(str(option.label))).data_type = "s"
            last = get_column_letter(len(item.options))
            choice = DataValidation(
                type="list", formula1=f"lists!$A${number}:${last}${number}", allow_blank=True
            )
            choice.error = _("Choose one of the allowed answers.")
            sheet.add_data_validation(choice)
            choice.add(f"E{number}")
    for column, width in zip("ABCDEFGHIJ", (14, 18, 60, 50, 24, 12, 30, 30, 30, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- import


def _read_rows(upload) -> tuple[str, list[tuple[int, list]]]:
    """The stamp and the data rows (row number, cells) of an uploaded XLSX or CSV file."""
    if upload.size > MAX_BYTES:
        raise SpreadsheetRefused(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    data = upload.read()
    if data[:2] == b"PK":
        return _read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetRefused(_("This is neither an XLSX file nor a UTF-8 CSV file.")) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0][:1] != [STAMP_MARK] or len(rows[0]) < 2:
        raise SpreadsheetRefused(
            _("This file was not exported from this portal (its first line is missing).")
        )
    return rows[0][1], [(n, row) for n, row in enumerate(rows[2:], start=3)]


def _read_xlsx(data: bytes) -> tuple[str, list[tuple[int, list]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=False, data_only=False)
        about, sheet = book["about"], book.worksheets[0]
    except Exception:  # openpyxl raises many kinds of error on a broken or foreign file
        raise SpreadsheetRefused(_("This file cannot be read as an exported questionnaire.")) from None
    if about["A1"].value != STAMP_MARK:
        raise SpreadsheetRefused(_("This file was not exported from this portal."))
    rows = []
    for number, cells in enumerate(sheet.iter_rows(min_row=2, max_row=MAX_ROWS + 2), start=2):
        rows.append((number, [None if c.value is None else (c.value, c.data_type) for c in cells]))
    return str(about["B1"].value or ""), rows


def _cell(value) -> tuple[str, bool]:
    """The text of a cell, and whether it was a formula."""
    if isinstance(value, tuple):
        value, data_type = value
        if data_type == "f":
            return str(value), True
    return ("" if value is None else _restore(str(value).strip())), False


def _verified_versions(assessment: Assessment, stamp: str) -> dict[str, int]:
    try:
        signed = signing.loads(stamp, salt=SALT)
    except signing.BadSignature:
        raise SpreadsheetRefused(
            _("This file's stamp is damaged: it was altered after export. Export a new file.")
        ) from None
    if signed["a"] != assessment.pk:
        raise SpreadsheetRefused(
            _("This file was exported from another assessment (number %(n)s). Nothing was imported.")
            % {"n": signed["a"]}
        )
    return signed["v"]


def _parse_value(item: Item, text: str) -> str | None:
    """The stored value for what a cell says: an option's code or label in any language, or the text."""
    if not item.options:
        return text
    folded = text.casefold()
    for option in item.options:
        labels = {option.code, option.label_en or "", option.label_zh_hant or "", str(option.label)}
        if folded in {label.casefold() for label in labels if label}:
            return option.code
    return None


def _parse_flag(text: str) -> bool | None:
    folded = text.casefold()
    if folded in {"", "no", "n", "false", "0", "否", str(_("No")).casefold()}:
        return False
    if folded in {"yes", "y", "true", "1", "是", str(_("Yes")).casefold()}:
        return True
    return None


def plan_import(*, assessment: Assessment, upload, by: User) -> ImportPlan:
    """Read an uploaded file and check every change as if applying it (nothing is stored).

    Raises SpreadsheetRefused when the whole file is unusable: unreadable, exported from another
    assessment, or with codes or versions that differ from its signed stamp.
    """
    stamp, rows = _read_rows(upload)
    exported = _verified_versions(assessment, stamp)
    items = {item.question.code: item for item in load_questionnaire(assessment).items}
    plan = ImportPlan()
    for number, cells in rows:
        cells = (list(cells) + [None] * len(COLUMNS))[: len(COLUMNS)]
        texts = [_cell(c) for c in cells]
        code, version_text = texts[0][0], texts[9][0]
        if not any(text for text, _formula in texts):
            continue
        if code not in exported or version_text != str(exported[code]):
            raise SpreadsheetRefused(
                _("Row %(row)s: its code or version differs from what was exported, so the file was altered. "
                  "Nothing was imported.") % {"row": number}
            )  # fmt: skip
        update = _row_update(items.get(code), number, code, texts, exported[code], plan)
        if update is not None:
            plan.updates.append(update)
    if plan.updates:
        try:
            plan.outcome = upsert_answers(assessment=assessment, updates=plan.updates, by=by, dry_run=True)
        except BulkRejected as exc:
            plan.outcome = exc.outcome
            plan.problems += [
                RowProblem(r.row or 0, r.question_code, r.message) for r in exc.outcome.rejections
            ]
        plan.changes = [
            (c.question_code, items[c.question_code].describe(c.old), items[c.question_code].describe(c.new))
            for c in plan.outcome.changed
        ]
    plan.problems.sort(key=lambda p: p.row)
    return plan


def _row_update(item, number, code, texts, version, plan) -> AnswerUpdate | None:
    reject = lambda message: plan.problems.append(RowProblem(number, code, message))  # noqa: E731
    if item is None:
        return reject(_("This question no longer applies after triage."))
    if any(formula for _text, formula in texts[4:8]):
        return reject(_("Formulas are not accepted: type the answer itself."))
    answer, na_text, na_reason, comment = (texts[i][0] for i in (4, 5, 6, 7))
    value = _parse_value(item, answer) if answer else ""
    if value is None:
        return reject(_("“%(answer)s” is not one of the allowed answers.") % {"answer": answer[:100]})
    not_applicable = _parse_flag(na_text)
    if not_applicable is None:
        return reject(_("“Not applicable” must be Yes or No."))
    if not item.answer and not (value or not_applicable or na_reason or comment):
        return None  # an unanswered question left blank: nothing to say
    return AnswerUpdate(code, value, not_applicable, na_reason, comment, expected_version=version, row=number)


def apply_import(*, assessment: Assessment, updates: list[AnswerUpdate], by: User) -> BulkOutcome:
    """Apply a previewed import in one transaction. Raises BulkRejected if anything changed meanwhile."""
    return upsert_answers(assessment=assessment, updates=updates, by=by)


def dump_updates(assessment: Assessment, by: User, updates: list[AnswerUpdate]) -> str:
    """The previewed updates as a signed string, carried by the confirmation form."""
    rows = [[u.question_code, u.value, u.not_applicable, u.na_reason, u.comment, u.expected_version, u.row]
            for u in updates]  # fmt: skip
    return signing.dumps({"a": assessment.pk, "u": by.pk, "rows": rows}, salt=SALT + ".plan", compress=True)


def load_updates(assessment: Assessment, by: User, signed: str) -> list[AnswerUpdate]:
    try:
        data = signing.loads(signed, salt=SALT + ".plan", max_age=3600)
    except signing.BadSignature:
        raise SpreadsheetRefused(
            _("This preview has expired or was altered: upload the file again.")
        ) from None
    if data["a"] != assessment.pk or data["u"] != by.pk:
        raise SpreadsheetRefused(_("This preview belongs to another assessment or person."))
    return [AnswerUpdate(*row) for row in data["rows"]]
