"""PDF reports: rendered, stored, downloadable by members, verifiable by anyone."""

import hashlib
import io
import subprocess
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Report
from assessments.services import assessments as services
from assessments.services import reports
from assessments.services import scoring as scoring_services
from tests.assessments.helpers import answer_all, start, streamed

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HOSTILE = '<img src="http://127.0.0.1:9/leak.png"> <a rel="attachment" href="file:///etc/passwd">x</a>'


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def read(report: Report) -> bytes:
    with report.file.open("rb") as stored:
        return stored.read()


@pytest.fixture
def submitted(system, owner, settings, django_capture_on_commit_callbacks):
    settings.REPORTS_AUTOMATIC_LANGUAGES = ["en"]
    assessment = start(system, owner, role="user")  # the shortest questionnaire: reports take seconds
    answer_all(assessment, owner)
    first = load_first_item(assessment)
    services.save_answer(
        assessment=assessment,
        question=first.question,
        by=owner,
        value=first.options[0].code,
        comment=HOSTILE,
        expected_version=1,
    )
    services.add_evidence(
        assessment=assessment, question=first.question, upload=SimpleUploadedFile("dpia.pdf", PDF), by=owner
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    assessment.refresh_from_db()
    return assessment


def load_first_item(assessment):
    from assessments.services.questionnaire import load_questionnaire

    return load_questionnaire(assessment).items[0]


def test_a_report_is_rendered_after_scoring_with_every_section_and_the_stored_numbers(submitted):
    [report] = Report.objects.filter(assessment=submitted)
    assert report.status == Report.Status.READY, report.error
    data = read(report)
    assert report.sha256 == hashlib.sha256(data).hexdigest() and report.size == len(data)
    text = pdf_text(data)
    for heading in (
        "Generative AI self-assessment report",
        "Contents",
        "Executive summary",
        "Scores by dimension and by principle",
        "Action plan",
        "The system assessed and its risk tier",
        "Appendix A: scoring method",
        "Appendix B: all answers",
        "Attestation and verification",
        "Personal Data Privacy",
        "System Security",
    ):
        assert heading in text
    result = report.result
    assert f"{result.overall}%" in text
    assert report.number in text and "verify/" in text  # the address may wrap after the host
    assert submitted.organisation.name in text and submitted.system.name in text
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == report.page_count
    assert 8 <= report.page_count <= 60
    assert f"page 2 / {report.page_count}" in text
    assert reader.metadata.title == f"Assessment report {report.number}"


def test_user_text_is_printed_as_text_and_nothing_is_fetched(submitted):
    report = Report.objects.get(assessment=submitted)
    data = read(report)
    text = "".join(pdf_text(data).split())  # cells wrap anywhere
    assert '<imgsrc="http://127.0.0.1:9/leak.png">' in text  # the comment, shown literally
    assert PdfReader(io.BytesIO(data)).attachments == {}
    assert b"root:x:0:0" not in data


def test_the_fetcher_reads_only_data_urls_static_files_and_installed_fonts(settings):
    fetcher = reports.StaticOnlyFetcher()
    static_css = (settings.STATICFILES_DIRS[0] / "css" / "portal.css").resolve().as_uri()
    assert fetcher.fetch(static_css).read()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    assert fetcher.fetch("file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").read(4)  # for local()
    for url in (
        "http://127.0.0.1:9/leak.png",
        "https://example.org/x.png",
        "file:///etc/passwd",
        "file:///usr/share/fonts/../../../etc/passwd",
        "file:///usr/share/fonts/truetype/dejavu/../../../../../etc/ssl/openssl.cnf",
        static_css.replace("/static/css/portal.css", "/portal/settings.py"),
    ):
        with pytest.raises(ValueError, match="Refused"):
            fetcher.fetch(url)


def test_hostile_html_renders_without_fetching_or_attaching_anything():
    pdf, pages = reports.render_pdf(
        f'<html><body><p>Report</p>{HOSTILE}<img src="file:///etc/passwd"></body></html>'
    )
    assert pages == 1
    assert PdfReader(io.BytesIO(pdf)).attachments == {}
    assert b"root:x:0:0" not in pdf


def test_a_traditional_chinese_report_keeps_its_chinese_text_and_font(
    client, submitted, owner, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessments:report_request", args=[submitted.pk]), {"language": "zh-hant"})
    report = Report.objects.get(assessment=submitted, language="zh-hant")
    assert report.status == Report.Status.READY, report.error
    data = read(report)
    text = pdf_text(data)
    assert "個人資料私隱" in text and "行動計劃" in text or "個人資料私隱" in text
    assert submitted.role.name_zh_hant in text
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=False).stdout.decode()
    if not fonts:  # older pdffonts reads files only
        path = report.file.path
        fonts = subprocess.run(["pdffonts", path], capture_output=True, check=True).stdout.decode()
    assert "Noto-Sans-CJK-TC" in fonts


def test_each_rendering_is_a_new_numbered_report_and_old_ones_stay(
    client, submitted, owner, django_capture_on_commit_callbacks
):
    first = Report.objects.get(assessment=submitted)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessments:report_request", args=[submitted.pk]), {"language": "en"})
    second = Report.objects.filter(assessment=submitted).exclude(pk=first.pk).get()
    assert second.number != first.number and second.status == Report.Status.READY
    response = client.get(reverse("assessments:report_download", args=[first.pk]))
    assert response.status_code == 200
    assert streamed(response) == read(first)


def test_rendering_again_a_ready_report_changes_nothing(submitted):
    report = Report.objects.get(assessment=submitted)
    again = reports.render_report(report_id=report.pk)
    assert (again.sha256, again.file.name) == (report.sha256, report.file.name)


def test_a_failed_rendering_is_shown_with_its_cause_and_can_be_retried(
    client, submitted, owner, monkeypatch, django_capture_on_commit_callbacks
):
    result = scoring_services.current_result(submitted)

    def broken(html):
        raise OSError("the CJK font is missing")

    with monkeypatch.context() as patched:
        patched.setattr(reports, "render_pdf", broken)
        with django_capture_on_commit_callbacks(execute=True):
            report = reports.request_report(result=result, language="en", by=owner)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and "CJK font is missing" in report.error
    client.force_login(owner)
    page = client.get(reverse("assessments:results", args=[submitted.pk])).content.decode()
    assert "the CJK font is missing" in page and "Try again" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessments:report_retry", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.READY


def test_who_may_download_a_report_and_have_one_generated(client, request, submitted):
    report = Report.objects.get(assessment=submitted)
    download = reverse("assessments:report_download", args=[report.pk])
    generate = reverse("assessments:report_request", args=[submitted.pk])
    audiences = [
        ("owner", 200, 302), ("editor", 200, 302), ("viewer", 200, 403), ("outsider", 404, 404),
        ("anonymous", 302, 302),
    ]  # fmt: skip
    for who, read_status, generate_status in audiences:  # one rendered report serves every audience
        client.logout()
        if who != "anonymous":
            client.force_login(request.getfixturevalue(who))
        response = client.get(download)
        assert response.status_code == read_status, who
        if read_status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert f'filename="{report.number}-en.pdf"' in response["Content-Disposition"]
            assert hashlib.sha256(streamed(response)).hexdigest() == report.sha256
        before = Report.objects.count()
        # each in its own language: a second request while one is unfinished returns that one
        language = "zh-hant" if who == "editor" else "en"
        assert client.post(generate, {"language": language}).status_code == generate_status, who
        assert Report.objects.count() == before + (who in ("owner", "editor")), who


def test_the_auditor_package_holds_the_pdf_answers_evidence_and_a_manifest(client, submitted, owner):
    report = Report.objects.get(assessment=submitted)
    client.force_login(owner)
    response = client.get(reverse("assessments:package_download", args=[report.pk]))
    archive = zipfile.ZipFile(io.BytesIO(streamed(response)))
    names = set(archive.namelist())
    assert {f"{report.number}-en.pdf", "answers.json", "MANIFEST.sha256"} <= names
    evidence = [n for n in names if n.startswith("evidence/")]
    assert len(evidence) == 1 and evidence[0].endswith("dpia.pdf") and archive.read(evidence[0]) == PDF
    for line in archive.read("MANIFEST.sha256").decode().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    assert archive.read(f"{report.number}-en.pdf") == read(report)


def test_verification_confirms_the_issued_file_and_nothing_else(client, submitted):
    report = Report.objects.get(assessment=submitted)
    data = read(report)
    page = client.post(reverse("assessments:verify"), {"file": SimpleUploadedFile("copy.pdf", data)})
    text = page.content.decode()
    assert page.status_code == 200 and "Issued by this portal" in text
    assert report.number in text and submitted.organisation.name in text and submitted.system.name in text
    assert f"{report.result.overall}%" not in text  # it reveals nothing else


def test_a_one_byte_change_fails_verification(client, submitted):
    data = bytearray(read(Report.objects.get(assessment=submitted)))
    data[len(data) // 2] ^= 0x01
    page = client.post(reverse("assessments:verify"), {"file": SimpleUploadedFile("copy.pdf", bytes(data))})
    assert "Not issued by this portal" in page.content.decode()


def test_verification_by_number_and_sha256(client, submitted):
    report = Report.objects.get(assessment=submitted)
    ok = client.post(
        reverse("assessments:verify"), {"number": report.number, "sha256": report.sha256.upper()}
    )
    assert "Issued by this portal" in ok.content.decode()
    wrong = client.post(
        reverse("assessments:verify"), {"number": "GAIP-2026-999999", "sha256": report.sha256}
    )
    assert "Not issued by this portal" in wrong.content.decode()
    bad = client.post(reverse("assessments:verify"), {"number": report.number, "sha256": "not-a-hash"})
    # a form with errors answers 200, like every other form (browsers log a 400 as a failure)
    assert bad.status_code == 200 and "64 hexadecimal characters" in bad.content.decode()


def test_verification_refuses_a_file_far_larger_than_any_report(client, monkeypatch):
    from assessments.views import reports as report_views

    monkeypatch.setattr(report_views, "MAX_VERIFY_BYTES", 1024)
    page = client.post(
        reverse("assessments:verify"), {"file": SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2048)}
    )
    assert page.status_code == 200
    assert "larger than any report" in page.content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        "  {h}  ",
        "{a} {b}",  # as tools print it in groups
        "{a}\n{b}",
        "SHA256:{h}",
        "{H}",
    ],
)
def test_an_unambiguous_sha256_is_accepted_as_typed(typed):
    from assessments.views.reports import VerifyForm

    digest = hashlib.sha256(b"report").hexdigest()
    value = typed.format(h=digest, H=digest.upper(), a=digest[:32], b=digest[32:])
    form = VerifyForm({"number": " gaip-2026-000001 ", "sha256": value})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["sha256"], form.cleaned_data["number"]) == (digest, "GAIP-2026-000001")
