import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Answer, AnswerChange, Assessment, AuditEvent
from assessments.services import ServiceError
from assessments.services import assessments as services
from assessments.services.questionnaire import load_questionnaire
from guideline_content.models import GuidelineVersion, Question
from tests.assessments.helpers import TRIAGE, answer_all, best_option, start

pytestmark = pytest.mark.django_db


def test_an_assessment_is_pinned_to_its_guideline_version(system, owner):
    assessment = start(system, owner, version="hk-genai-2025-04", triage=None)
    assert assessment.guideline_version.code == "hk-genai-2025-04"
    assert assessment.role.version_id == assessment.guideline_version_id
    assert not load_questionnaire(assessment).items  # nothing applies before triage


def test_a_draft_version_cannot_be_assessed(system, owner, mini_dir):
    from guideline_content.loader import load_guideline

    (mini_dir / "version.yaml").write_text(
        (mini_dir / "version.yaml").read_text(encoding="utf-8").replace("status: published", "status: draft"),
        encoding="utf-8",
    )
    load_guideline(path=mini_dir)
    with pytest.raises(ServiceError, match="published"):
        services.start_assessment(
            system=system,
            role_code="developer",
            version=GuidelineVersion.objects.get(code="mini-2025"),
            by=owner,
        )


def test_triage_decides_the_tier_and_records_its_rules(system, owner):
    assessment = start(system, owner, triage={**TRIAGE, "critical_use": True})
    assert assessment.tier.code == "high"
    assert assessment.tier_rules  # the matching high-tier rule codes
    assert services.tier_reasons(assessment)
    assert AuditEvent.objects.filter(assessment=assessment, action="triaged").exists()


def test_triage_with_no_matching_rule_gives_the_default_tier_and_its_reason(system, owner):
    quiet = {**TRIAGE, "serves_public": False, "personal_data": False, "sector": "other", "retrieval": False}
    assessment = start(system, owner, triage=quiet)
    assert assessment.tier.code == "low"
    assert services.tier_reasons(assessment) == [assessment.guideline_version.default_tier_reason]


def test_incomplete_triage_is_refused_and_changes_nothing(system, owner):
    assessment = start(system, owner, triage=None)
    with pytest.raises(ServiceError, match="missing"):
        services.save_triage(assessment=assessment, answers={"harms_safety": False}, by=owner)
    assessment.refresh_from_db()
    assert assessment.triage_facts is None and assessment.tier is None


def test_only_applicable_questions_are_in_the_questionnaire(system, owner):
    assessment = start(system, owner)
    questionnaire = load_questionnaire(assessment)
    codes = {item.question.code for item in questionnaire.items}
    sector_questions = Question.objects.filter(
        version=assessment.guideline_version, role=assessment.role, applies_when__icontains="sector"
    )
    retail = {q.code for q in sector_questions if "retail" in str(q.applies_when)}
    others = {q.code for q in sector_questions if "retail" not in str(q.applies_when)}
    assert retail and retail <= codes
    assert not (others & codes)
    assert questionnaire.applicable == len(codes)
    assert {item.question.code for item in questionnaire.hidden}.isdisjoint(codes)


def test_saving_an_answer_keeps_history(system, owner, editor):
    assessment = start(system, owner)
    item = load_questionnaire(assessment).items[0]
    first = services.save_answer(
        assessment=assessment, question=item.question, by=editor, value=best_option(item)
    )
    second = services.save_answer(
        assessment=assessment,
        question=item.question,
        by=owner,
        value=item.options[-1].code,
        comment="Checked with IT",
        expected_version=1,
    )
    assert (first.version, second.version) == (1, 2)
    changes = list(AnswerChange.objects.filter(answer=second).order_by("pk"))
    assert [c.changed_by for c in changes] == [editor, owner]
    assert changes[0].old is None and changes[1].old["value"] == best_option(item)
    assert changes[1].new == {
        "value": item.options[-1].code,
        "not_applicable": False,
        "na_reason": "",
        "comment": "Checked with IT",
    }


def test_a_stale_save_is_refused_and_shows_the_current_value(system, owner, editor):
    assessment = start(system, owner)
    item = load_questionnaire(assessment).items[0]
    services.save_answer(assessment=assessment, question=item.question, by=editor, value=item.options[0].code)
    # the owner loaded the page before the editor saved: version 0 (no answer yet)
    with pytest.raises(services.AnswerConflict) as conflict:
        services.save_answer(
            assessment=assessment,
            question=item.question,
            by=owner,
            value=item.options[-1].code,
            expected_version=0,
        )
    assert conflict.value.current.value == item.options[0].code
    assert conflict.value.current.updated_by == editor
    assert Answer.objects.get(assessment=assessment, question=item.question).value == item.options[0].code


def test_an_unchanged_save_adds_no_history(system, owner):
    assessment = start(system, owner)
    item = load_questionnaire(assessment).items[0]
    services.save_answer(assessment=assessment, question=item.question, by=owner, value=item.options[0].code)
    services.save_answer(
        assessment=assessment,
        question=item.question,
        by=owner,
        value=item.options[0].code,
        expected_version=1,
    )
    assert AnswerChange.objects.filter(answer__assessment=assessment).count() == 1


def test_a_value_outside_the_options_is_refused(system, owner):
    assessment = start(system, owner)
    item = next(i for i in load_questionnaire(assessment).items if i.options)
    with pytest.raises(ServiceError, match="not one of"):
        services.save_answer(assessment=assessment, question=item.question, by=owner, value="maybe")
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_not_applicable_only_where_allowed_and_listed_until_it_has_a_reason(system, owner):
    assessment = start(system, owner)
    items = load_questionnaire(assessment).items
    fixed = next(i for i in items if not i.question.allow_na)
    with pytest.raises(ServiceError, match="not applicable"):
        services.save_answer(assessment=assessment, question=fixed.question, by=owner, not_applicable=True)
    optional = next(i for i in items if i.question.allow_na)
    services.save_answer(assessment=assessment, question=optional.question, by=owner, not_applicable=True)
    assert [i.question.code for i in load_questionnaire(assessment).missing_reasons] == [
        optional.question.code
    ]
    services.save_answer(
        assessment=assessment,
        question=optional.question,
        by=owner,
        not_applicable=True,
        na_reason="We do not process images.",
        expected_version=1,
    )
    assert not load_questionnaire(assessment).missing_reasons


def test_a_question_hidden_by_triage_cannot_be_answered(system, owner):
    assessment = start(system, owner)
    hidden = load_questionnaire(assessment).hidden[0]
    with pytest.raises(ServiceError, match="does not apply"):
        services.save_answer(
            assessment=assessment, question=hidden.question, by=owner, value=best_option(hidden)
        )


def test_changing_triage_hides_but_keeps_earlier_answers(system, owner):
    assessment = start(system, owner)
    retail = next(i for i in load_questionnaire(assessment).items if "retail" in str(i.question.applies_when))
    services.save_answer(assessment=assessment, question=retail.question, by=owner, value=best_option(retail))
    services.save_triage(assessment=assessment, answers={**TRIAGE, "sector": "tourism"}, by=owner)
    questionnaire = load_questionnaire(assessment)
    assert retail.question.code not in {i.question.code for i in questionnaire.items}
    assert questionnaire.item(retail.question.code).answer.value == best_option(retail)


def test_submit_needs_every_applicable_answer_then_locks(system, owner):
    assessment = start(system, owner)
    with pytest.raises(ServiceError, match="missing"):
        services.submit_assessment(assessment=assessment, by=owner)
    answer_all(assessment, owner)
    services.submit_assessment(assessment=assessment, by=owner)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_by == owner and assessment.submitted_at
    item = load_questionnaire(assessment).items[0]
    with pytest.raises(ServiceError, match="locked"):
        services.save_answer(assessment=assessment, question=item.question, by=owner, value=best_option(item))
    with pytest.raises(ServiceError, match="already been submitted"):
        assessment.status = Assessment.Status.DRAFT  # a stale copy in another request
        services.submit_assessment(assessment=assessment, by=owner)


def pdf_upload(name="policy.pdf", size=None):
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body + b"0" * ((size or 0) - len(body) if size else 0))


def test_evidence_records_its_hash_and_a_safe_name(system, owner):
    import hashlib

    assessment = start(system, owner)
    item = load_questionnaire(assessment).items[0]
    upload = pdf_upload("../../etc/pass\x00wd\u202e.pdf")
    evidence = services.add_evidence(assessment=assessment, question=item.question, upload=upload, by=owner)
    upload.seek(0)
    assert evidence.sha256 == hashlib.sha256(upload.read()).hexdigest()
    assert evidence.content_type == "application/pdf"
    assert evidence.original_name == "passwd.pdf"
    assert "pass" not in evidence.file.name and evidence.file.name.startswith("evidence/")


def test_evidence_type_is_checked_by_content_not_name(system, owner):
    assessment = start(system, owner)
    item = load_questionnaire(assessment).items[0]
    fake = SimpleUploadedFile(
        "report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
    )  # a Windows program
    with pytest.raises(ServiceError, match="cannot be attached"):
        services.add_evidence(assessment=assessment, question=item.question, upload=fake, by=owner)
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_oversized_evidence_is_refused(system, owner, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    assessment = start(system, owner)
    item = load_questionnaire(assessment).items[0]
    with pytest.raises(ServiceError, match="larger than"):
        services.add_evidence(
            assessment=assessment, question=item.question, upload=pdf_upload(size=2048), by=owner
        )


def test_text_and_csv_evidence_are_accepted(system, owner):
    assessment = start(system, owner)
    item = load_questionnaire(assessment).items[0]
    csv = SimpleUploadedFile("log.csv", b"date,check\n2025-01-01,ok\n2025-02-01,ok\n")
    text = SimpleUploadedFile("notes.txt", "Reviewed by the DPO on 1 March.\n審閱完成。\n".encode())
    kinds = {
        services.add_evidence(assessment=assessment, question=item.question, upload=f, by=owner).content_type
        for f in (csv, text)
    }
    assert kinds <= {"text/csv", "text/plain"}


def test_claims_without_evidence_are_warned_about(system, owner):
    assessment = start(system, owner)
    answer_all(assessment, owner)  # the best option of each question claims its measure is in place
    warned = load_questionnaire(assessment).evidence_warnings
    assert warned
    item = warned[0]
    services.add_evidence(assessment=assessment, question=item.question, upload=pdf_upload(), by=owner)
    assert item.question.code not in {
        i.question.code for i in load_questionnaire(assessment).evidence_warnings
    }


def test_copying_to_a_newer_version_carries_answers_and_marks_changed_questions(system, owner):
    old = start(system, owner, version="hk-genai-2025-04", role="user")
    answer_all(old, owner)
    new = services.copy_assessment(
        source=old, version=GuidelineVersion.objects.get(code="hk-genai-2025-12"), by=owner
    )
    assert new.guideline_version.code == "hk-genai-2025-12" and new.copied_from == old
    assert new.tier == old.tier or new.tier.code == old.tier.code
    answers = {a.question.code: a for a in Answer.objects.filter(assessment=new).select_related("question")}
    old_codes = set(Answer.objects.filter(assessment=old).values_list("question__code", flat=True))
    assert set(answers) == old_codes
    assert answers["USR-Q-IP-01"].needs_recheck  # its question changed in version 1.1
    assert not answers["USR-Q-LEGAL-02"].needs_recheck if "USR-Q-LEGAL-02" in answers else True
    unchanged = [a for code, a in answers.items() if not a.needs_recheck]
    assert unchanged and all(a.question.version_id == new.guideline_version_id for a in answers.values())


def test_copying_within_a_version_marks_nothing(system, owner):
    old = start(system, owner)
    answer_all(old, owner)
    new = services.copy_assessment(source=old, version=old.guideline_version, by=owner)
    assert not Answer.objects.filter(assessment=new, needs_recheck=True).exists()
    assert load_questionnaire(new).answered == load_questionnaire(old).answered


def test_copying_onto_an_older_version_is_refused(system, owner):
    newer = start(system, owner)
    with pytest.raises(ServiceError, match="same or a newer"):
        services.copy_assessment(
            source=newer, version=GuidelineVersion.objects.get(code="hk-genai-2025-04"), by=owner
        )
    assert Assessment.objects.filter(system=system).count() == 1
