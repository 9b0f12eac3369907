"""Walk the main pages in Traditional Chinese: none may show an internal code (sector, rule id, "App.")
or a message of the portal's catalogue left in English."""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from assessments.models import SECTOR_CHOICES
from assessments.services import assessments as services
from assessments.services import scoring as scoring_services
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import answer_all, start
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"
# Codes that only the portal's data files use; a reader should meet their labels instead.
SECTOR_CODES = "|".join(code for code, _ in SECTOR_CHOICES if code != "other")
INTERNAL = [
    re.compile(rf"\b(?:{SECTOR_CODES})\b"),
    re.compile(r"\brule-[a-z0-9-]+"),
    re.compile(r"§\s*App\."),
    re.compile(r"[Aa]uthenticator"),
]


class VisibleText(HTMLParser):
    """The text a reader sees (and hears: aria-label, title, placeholder), without scripts and styles."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg"):
            self._hidden += 1
        self.parts += [v for k, v in attrs if k in ("aria-label", "title", "placeholder", "alt") and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


@cache
def catalogue_msgids() -> frozenset[str]:
    """English messages of the portal's catalogue long enough that they cannot be a name or a code."""
    text = CATALOGUE.read_text()
    msgids = set()
    for block in text.split("\n\n"):
        if block.startswith("#~") or "\nmsgid " not in "\n" + block:
            continue
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgid = "".join(re.findall(r'"(.*)"', match.group(1))) if match else ""
        if "%" not in msgid and "{" not in msgid and "<" not in msgid and len(msgid.split()) >= 3:
            msgids.add(msgid.replace('\\"', '"'))
    return frozenset(msgids)


def problems_on(html: str) -> list[str]:
    found = []
    for part in visible_text(html):
        codes = [match.group(0) for pattern in INTERNAL for match in pattern.finditer(part)]
        found += [f"internal code {code!r} in {part[:80]!r}" for code in codes]
        if part in catalogue_msgids():
            found.append(f"untranslated {part[:80]!r}")
    return found


@pytest.fixture
def scored(organisation, owner, django_capture_on_commit_callbacks):
    system = AISystemFactory(organisation=organisation, name="客戶查詢助手", sector="finance")
    assessment = start(system, owner, role="user")
    answer_all(assessment, owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, by=owner)
    assert scoring_services.current_result(assessment) is not None
    return assessment


def pages(assessment) -> list[str]:
    version = assessment.guideline_version.code
    first_section = load_questionnaire(assessment).sections[0].dimension.code
    return [
        reverse("guideline:index"),
        reverse("guideline:obligations", args=[version]),
        reverse("guideline:triage", args=[version]),
        reverse("assessments:scoring_method"),
        reverse("assessments:verify"),
        reverse("assessments:dashboard"),
        reverse("assessments:organisation_detail", args=[assessment.organisation_id]),
        reverse("assessments:system_detail", args=[assessment.system_id]),
        reverse("assessments:assessment_detail", args=[assessment.pk]),
        reverse("assessments:triage", args=[assessment.pk]),
        reverse("assessments:section", args=[assessment.pk, first_section]),
        reverse("assessments:review", args=[assessment.pk]),
        reverse("assessments:results", args=[assessment.pk]),
        reverse("account_email"),
        reverse("mfa_index"),
    ]


def test_chinese_pages_show_no_internal_code_and_no_english_message(client, scored, owner):
    client.force_login(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    found = {}
    for url in pages(scored):
        response = client.get(url)
        assert response.status_code == 200, url
        if problems := problems_on(response.content.decode()):
            found[url] = problems
    assert found == {}


def test_the_walk_catches_an_english_message_and_a_code():
    with override("en"):
        html = "<p>Scores by dimension and by principle</p><td>finance</td><p>§App. 2.2.2</p>"
    assert len(problems_on(html)) == 3


def test_the_auditors_pages_in_chinese(client, scored, owner, auditor):
    from assessments.services import grants

    grants.grant_access(organisation=scored.organisation, email=auditor.email, by=owner)
    client.force_login(auditor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    found = {}
    for url in [reverse("audits:grants"), reverse("audits:assessment", args=[scored.pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
        if problems := problems_on(response.content.decode()):
            found[url] = problems
    assert found == {}
