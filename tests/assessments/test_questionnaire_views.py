import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Answer, Assessment
from assessments.services import assessments as services
from assessments.services.questionnaire import load_questionnaire
from tests.assessments.helpers import TRIAGE, answer_all, best_option, start, streamed

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def assessment(system, owner):
    return start(system, owner)


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def section_of(assessment, index=0):
    return load_questionnaire(assessment).sections[index]


# ---------------------------------------------------------------- permissions: every view × every audience

READ_VIEWS = ["assessment_detail", "triage", "review"]


@pytest.mark.parametrize("view", READ_VIEWS + ["section"])
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("editor", 200),
        ("viewer", 200),
        ("outsider", 404),
        ("reviewer", 404),
        ("dpo_admin", 404),
        ("anonymous", 302),
    ],
)
def test_reading_an_assessment(client, request, assessment, view, who, status):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    args = [assessment.pk, section_of(assessment).dimension.code] if view == "section" else [assessment.pk]
    response = login(client, user).get(reverse(f"assessments:{view}", args=args))
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("editor", 200),
        ("viewer", 403),
        ("outsider", 404),
        ("reviewer", 404),
        ("dpo_admin", 404),
        ("anonymous", 302),
    ],
)
def test_autosaving_an_answer(client, request, assessment, who, status):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    item = section_of(assessment).items[0]
    code = item.question.code
    response = login(client, user).post(
        reverse("assessments:answer", args=[assessment.pk, code]),
        {f"{code}-value": best_option(item), f"{code}-version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == status
    assert Answer.objects.filter(assessment=assessment).exists() is (status == 200)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 302),
        ("editor", 403),
        ("viewer", 403),
        ("outsider", 404),
        ("reviewer", 404),
        ("dpo_admin", 404),
        ("anonymous", 302),
    ],
)
def test_submitting(client, request, assessment, owner, who, status):
    answer_all(assessment, owner)
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = login(client, user).post(reverse("assessments:submit", args=[assessment.pk]))
    assert response.status_code == status
    assessment.refresh_from_db()
    assert (assessment.status == Assessment.Status.SUBMITTED) is (who == "owner")


def test_a_late_second_submit_is_told_not_refused(client, assessment, owner, editor):
    answer_all(assessment, owner)
    login(client, owner).post(reverse("assessments:submit", args=[assessment.pk]))
    assessment.refresh_from_db()
    submitted_at = assessment.submitted_at

    response = client.post(reverse("assessments:submit", args=[assessment.pk]), follow=True)

    assert response.redirect_chain[-1] == (
        reverse("assessments:assessment_detail", args=[assessment.pk]),
        302,
    )
    assert "already submitted on" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.submitted_at == submitted_at  # nothing changed
    # an editor still may not submit, submitted or not
    assert login(client, editor).post(reverse("assessments:submit", args=[assessment.pk])).status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 302), ("editor", 302), ("viewer", 403), ("outsider", 404), ("anonymous", 302)],
)
def test_starting_an_assessment(client, request, system, who, status):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = login(client, user).post(
        reverse("assessments:assessment_start", args=[system.pk]),
        {"role": "user", "version": "hk-genai-2025-12-r2"},
    )
    assert response.status_code == status
    assert Assessment.objects.filter(system=system).exists() is (who in ("owner", "editor"))


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("viewer", 200), ("outsider", 404)])
def test_downloading_evidence(client, request, assessment, owner, who, status):
    item = section_of(assessment).items[0]
    evidence = services.add_evidence(
        assessment=assessment, question=item.question, upload=SimpleUploadedFile("plan.pdf", PDF), by=owner
    )
    response = login(client, request.getfixturevalue(who)).get(
        reverse("assessments:evidence_download", args=[evidence.pk])
    )
    assert response.status_code == status
    if status == 200:
        assert streamed(response) == PDF
        assert 'filename="plan.pdf"' in response["Content-Disposition"]


def test_evidence_is_not_under_a_public_url(assessment, owner, settings):
    item = section_of(assessment).items[0]
    evidence = services.add_evidence(
        assessment=assessment, question=item.question, upload=SimpleUploadedFile("plan.pdf", PDF), by=owner
    )
    with pytest.raises(ValueError, match="not accessible via a URL"):
        evidence.file.url  # noqa: B018


# ---------------------------------------------------------------- what the user sees and what is stored


def test_start_leads_to_triage_then_the_tier_is_shown_with_its_reasons(client, system, owner):
    login(client, owner)
    response = client.post(
        reverse("assessments:assessment_start", args=[system.pk]),
        {"role": "provider", "version": "hk-genai-2025-12-r2"},
    )
    assessment = Assessment.objects.get(system=system)
    assert response["Location"] == reverse("assessments:triage", args=[assessment.pk])
    posted = {k: ("yes" if v is True else "no" if v is False else v) for k, v in TRIAGE.items()}
    response = client.post(
        reverse("assessments:triage", args=[assessment.pk]), {**posted, "critical_use": "yes"}, follow=True
    )
    page = response.content.decode()
    assert "High Risk" in page or "High risk" in page
    for reason in services.tier_reasons(Assessment.objects.get(pk=assessment.pk)):
        assert reason in page


def test_an_unacceptable_tier_says_what_the_guideline_means_and_allows_completion(client, system, owner):
    assessment = start(system, owner, triage={**TRIAGE, "harms_safety": True})
    page = (
        login(client, owner)
        .get(reverse("assessments:assessment_detail", args=[assessment.pk]))
        .content.decode()
    )
    assert "unacceptable" in page.lower()
    assert assessment.tier.measure_list[0] in page
    assert "still complete and submit" in page
    assert load_questionnaire(assessment).applicable > 0


def test_incomplete_triage_form_is_refused_and_keeps_the_answers(client, assessment, owner):
    response = login(client, owner).post(
        reverse("assessments:triage", args=[assessment.pk]), {"harms_safety": "no", "sector": "retail"}
    )
    assert response.status_code == 200 and response.context["form"].errors  # the form, with its errors
    assert 'value="retail" selected' in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.triage_facts == TRIAGE  # unchanged


def test_autosave_reports_saved_and_updates_progress(client, assessment, owner):
    item = section_of(assessment).items[0]
    code = item.question.code
    response = login(client, owner).post(
        reverse("assessments:answer", args=[assessment.pk, code]),
        {f"{code}-value": best_option(item), f"{code}-version": "0", f"{code}-comment": "See policy v2"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "Saved at" in page
    assert f'id="version-{code}" name="{code}-version" value="1" hx-swap-oob="true"' in page
    assert 'id="progress"' in page and "1 of" in page
    answer = Answer.objects.get(assessment=assessment, question=item.question)
    assert (answer.value, answer.comment, answer.updated_by) == (best_option(item), "See policy v2", owner)


def test_autosave_conflict_shows_the_current_value_and_saves_nothing(client, assessment, owner, editor):
    item = section_of(assessment).items[0]
    code = item.question.code
    services.save_answer(assessment=assessment, question=item.question, by=editor, value=item.options[0].code)
    response = login(client, owner).post(
        reverse("assessments:answer", args=[assessment.pk, code]),
        {f"{code}-value": item.options[-1].code, f"{code}-version": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this answer" in page
    assert str(item.options[0].label) in page and editor.email in page
    assert Answer.objects.get(assessment=assessment, question=item.question).value == item.options[0].code


def test_without_javascript_the_section_form_saves_every_answer(client, assessment, owner):
    section = section_of(assessment)
    data = {f"{i.question.code}-value": best_option(i) for i in section.items}
    data |= {f"{i.question.code}-version": "0" for i in section.items}
    next_code = load_questionnaire(assessment).sections[1].dimension.code
    response = login(client, owner).post(
        reverse("assessments:section", args=[assessment.pk, section.dimension.code]),
        {**data, "go": next_code},
    )
    assert response["Location"] == reverse("assessments:section", args=[assessment.pk, next_code])
    assert Answer.objects.filter(assessment=assessment).count() == len(section.items)


def test_a_refused_section_save_keeps_what_the_user_typed(client, assessment, owner, editor):
    section = section_of(assessment)
    first, second = section.items[0], section.items[1]
    services.save_answer(
        assessment=assessment, question=first.question, by=editor, value=first.options[0].code
    )
    data = {
        f"{first.question.code}-value": first.options[-1].code,
        f"{first.question.code}-version": "0",
        f"{second.question.code}-value": best_option(second),
        f"{second.question.code}-version": "0",
        f"{second.question.code}-comment": "Typed with care",
    }
    response = login(client, owner).post(
        reverse("assessments:section", args=[assessment.pk, section.dimension.code]), data
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Not everything was saved" in page
    assert "Typed with care" in page  # the other answer was saved and is shown
    assert f'value="{first.options[-1].code}" checked' in page  # the refused input is still on the page
    assert Answer.objects.get(question=first.question, assessment=assessment).value == first.options[0].code
    assert Answer.objects.get(question=second.question, assessment=assessment).comment == "Typed with care"


def test_answer_history_is_visible_on_the_question(client, assessment, owner, editor):
    item = section_of(assessment).items[0]
    services.save_answer(assessment=assessment, question=item.question, by=editor, value=item.options[0].code)
    services.save_answer(
        assessment=assessment,
        question=item.question,
        by=owner,
        value=item.options[-1].code,
        expected_version=1,
    )
    page = (
        login(client, owner)
        .get(reverse("assessments:section", args=[assessment.pk, item.question.dimension.code]))
        .content.decode()
    )
    assert "2 changes" in page
    assert editor.email in page and owner.email in page


def test_uploading_evidence_through_the_page(client, assessment, owner):
    item = section_of(assessment).items[0]
    code = item.question.code
    response = login(client, owner).post(
        reverse("assessments:section", args=[assessment.pk, item.question.dimension.code]),
        {"upload": code, f"{code}-file": SimpleUploadedFile("dpia.pdf", PDF)},
        follow=True,
    )
    page = response.content.decode()
    assert "“dpia.pdf” attached" in page
    assert "dpia.pdf" in page


def test_uploading_a_disguised_program_is_refused_with_a_message(client, assessment, owner):
    item = section_of(assessment).items[0]
    code = item.question.code
    response = login(client, owner).post(
        reverse("assessments:section", args=[assessment.pk, item.question.dimension.code]),
        {"upload": code, f"{code}-file": SimpleUploadedFile("dpia.pdf", b"MZ\x90\x00" + b"\x00" * 100)},
    )
    assert response.status_code == 422
    assert "cannot be attached" in response.content.decode()
    assert not Answer.objects.filter(assessment=assessment, evidence__isnull=False).exists()


def test_review_lists_what_is_missing_with_links(client, assessment, owner):
    items = load_questionnaire(assessment).items
    page = login(client, owner).get(reverse("assessments:review", args=[assessment.pk])).content.decode()
    assert f"{len(items)} questions still unanswered" in page
    first = items[0]
    assert f"#q-{first.question.code}" in page
    assert "disabled" in page  # submit is not possible yet


# ---------------------------------------------------------------- query counts do not grow


def count_queries(client, django_assert_max_num_queries, url, limit=10):  # 40 before content was kept
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_questionnaire_pages_keep_a_constant_number_of_queries(
    client, assessment, owner, published_content, django_assert_max_num_queries
):
    login(client, owner)
    section = section_of(assessment)
    urls = [
        reverse("assessments:section", args=[assessment.pk, section.dimension.code]),
        reverse("assessments:review", args=[assessment.pk]),
        reverse("assessments:assessment_detail", args=[assessment.pk]),
    ]
    first = section.items[0]
    services.save_answer(assessment=assessment, question=first.question, by=owner, value=best_option(first))
    services.add_evidence(
        assessment=assessment, question=first.question, upload=SimpleUploadedFile("e.pdf", PDF), by=owner
    )
    before = [count_queries(client, django_assert_max_num_queries, url) for url in urls]
    answer_all(assessment, owner)
    for item in section.items[1:4]:
        services.add_evidence(
            assessment=assessment, question=item.question, upload=SimpleUploadedFile("e.pdf", PDF), by=owner
        )
    after = [count_queries(client, django_assert_max_num_queries, url) for url in urls]
    assert after == before


def test_dashboard_queries_do_not_grow_with_assessments(
    client, system, owner, published_content, django_assert_max_num_queries
):
    login(client, owner)
    start(system, owner)
    one = count_queries(client, django_assert_max_num_queries, reverse("assessments:dashboard"))
    for role in ("developer", "user", "provider"):
        answer_all(start(system, owner, role=role), owner)
    four = count_queries(client, django_assert_max_num_queries, reverse("assessments:dashboard"))
    assert four == one
