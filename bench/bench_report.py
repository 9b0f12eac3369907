"""Report benchmark: seconds per PDF report for the largest questionnaire, in each language.

Baseline, in the same run and process: WeasyPrint rendering a plain document with the same number
of pages and the same fonts. The ratio says what the report's own layout (tables, charts, table of
contents, tagging) costs over rendering pages at all.

    DEBUG=true .venv/bin/python bench/bench_report.py [--rounds 3]

A second baseline renders the report's own text as plain paragraphs (same words, same fonts, no
tables, pills or charts): the report's layout costs what it takes over that one; what it takes over
the first is mostly the amount of text, a report page holding about three times a plain page's.

Also prints where the time goes (HTML, WeasyPrint's layout, writing) and the process's peak memory.
"""

import argparse
import os
import resource
import sys
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scoring import (  # noqa: E402
    build_assessment,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    timed,
)

PLAIN_PAGE = (
    '<section style="break-after: page"><h2>Page {n}</h2>'
    + "<p>Plain text in the same font, to measure what rendering a page costs. 純文字，量度每頁的成本。</p>"
    * 12
    + "</section>"
)


def _text_only(html: str) -> str:
    """The report's text, block by block, as plain paragraphs in the same fonts."""
    import re
    from html import unescape

    body = html.split("<body>", 1)[1]
    body = re.sub(r"<(style|svg)\b.*?</\1>", " ", body, flags=re.S)
    blocks = re.split(r"</(?:p|td|th|li|h[1-4]|div|figcaption)>", body)
    paragraphs = (re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", b))).strip() for b in blocks)
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p)
    return f"<html><body style='font-family: Noto Sans CJK TC; font-size: 9.5pt'>{text}</body></html>"


def _layout(html: str):
    from weasyprint import HTML

    from assessments.services import reports

    return HTML(string=html, url_fetcher=reports.StaticOnlyFetcher()).render(pdf_variant=reports.PDF_VARIANT)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        from weasyprint import HTML

        from assessments.services import reports
        from assessments.services import scoring as scoring_services
        from assessments.services.questionnaire import load_questionnaire

        assessment, role = build_assessment()
        assessment.status = "submitted"
        assessment.save(update_fields=["status"])
        result = scoring_services.score_assessment(assessment_id=assessment.pk)
        for language in ("en", "zh-hant"):
            report = reports.request_report(result=result, language=language, by=None)
            html = reports.report_html(report, load_questionnaire(assessment).items)
            pages = reports.render_pdf(html)[1]
            plain = (
                "<html><body style='font-family: Noto Sans CJK TC'>"
                + "".join(PLAIN_PAGE.format(n=n) for n in range(pages))
                + "</body></html>"
            )
            baseline = timed(lambda plain=plain: HTML(string=plain).write_pdf(), rounds)
            text_only = _text_only(html)
            text_pages = len(HTML(string=text_only).render().pages)
            text_baseline = timed(lambda text_only=text_only: HTML(string=text_only).write_pdf(), rounds)

            def render_again(report=report):
                type(report).objects.filter(pk=report.pk).update(status="pending")  # ready reports are kept
                reports.render_report(report_id=report.pk)

            full = timed(render_again, rounds)
            # where the time goes: the HTML, WeasyPrint's layout, writing the PDF
            build = timed(
                lambda report=report: reports.report_html(report, load_questionnaire(assessment).items),
                rounds,
            )
            layout = timed(lambda html=html: _layout(html), rounds)
            load = os.getloadavg()
            print(f"{role} questionnaire, {language}: {pages} pages, load {load[0]:.2f}/{load[1]:.2f}")
            print(f"  baseline: plain {pages}-page document   {baseline:6.2f} s   1.0x")
            print(f"  baseline: its text as plain paragraphs {text_baseline:6.2f} s   "
                  f"{text_baseline / baseline:4.1f}x ({text_pages} pages)")  # fmt: skip
            print(
                f"  report (HTML, PDF/UA, package, store) {full:6.2f} s   {full / baseline:4.1f}x "
                f"({full / text_baseline:.1f}x its text alone)"
            )
            print(f"    of which: HTML {build:.2f} s, layout {layout:.2f} s, PDF + package + store "
                  f"{full - build - layout:.2f} s")  # fmt: skip
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"report worker memory: peak {peak / 1024:.0f} MB (this process rendered every report above)")
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
