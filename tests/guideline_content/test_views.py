import pytest
from django.urls import reverse

from guideline_content.models import Obligation

pytestmark = pytest.mark.django_db
CURRENT = "hk-genai-2025-12"


def test_the_guideline_browser_is_public_and_shows_the_current_version(client):
    response = client.get(reverse("guideline:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Version 1.1" in page
    for text in ("Personal Data Privacy", "System Security", "Unacceptable", "Technology Developer"):
        assert text.lower() in page.lower()


def test_the_browser_speaks_traditional_chinese(client):
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/guideline/"})
    page = client.get(reverse("guideline:index")).content.decode()
    assert 'lang="zh-Hant-HK"' in page
    assert "個人資料私隱" in page
    assert "不可接受風險" in page
    assert "五個管治維度" in page  # a UI string, from the translation catalogue


def test_an_older_version_stays_browsable(client):
    response = client.get(reverse("guideline:version", args=["hk-genai-2025-04"]))
    assert response.status_code == 200
    assert "Regulatory Strategy" in response.content.decode()


def test_an_unknown_version_is_not_found(client):
    assert client.get(reverse("guideline:version", args=["hk-genai-1999-01"])).status_code == 404


def test_obligations_can_be_filtered_by_role_and_dimension(client):
    response = client.get(
        reverse("guideline:obligations", args=[CURRENT]), {"role": "user", "dimension": "ip"}
    )
    assert response.status_code == 200
    shown = {o.code for o in response.context["obligations"]}
    expected = set(
        Obligation.objects.filter(
            version__code=CURRENT, role__code="user", dimensions__code="ip"
        ).values_list("code", flat=True)
    )
    assert shown == expected and shown
    assert all(code.startswith("USR-") for code in shown)


def test_an_invalid_filter_is_refused_with_a_message(client):
    response = client.get(reverse("guideline:obligations", args=[CURRENT]), {"role": "astronaut"})
    assert response.status_code == 200 and response.context["form"].errors
    assert "could not be applied" in response.content.decode()


def test_obligation_page_queries_do_not_grow_with_the_number_of_obligations(
    client, django_assert_max_num_queries
):
    url = reverse("guideline:obligations", args=[CURRENT])
    # the whole list (all roles) and one role's list cost the same fixed number of queries
    with django_assert_max_num_queries(12) as everything:
        client.get(url)
    with django_assert_max_num_queries(12) as one_role:
        client.get(url, {"role": "user", "dimension": "privacy"})
    assert len(everything.captured_queries) == len(one_role.captured_queries)


def test_overview_queries_are_fixed(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(reverse("guideline:index"))


def test_the_triage_page_explains_the_portals_own_method(client):
    page = client.get(reverse("guideline:triage", args=[CURRENT])).content.decode()
    assert "highest" in page
    assert "Unacceptable" in page


def test_obligations_name_sectors_and_appendix_sections_as_readers_write_them(client):
    page = client.get(reverse("guideline:obligations", args=[CURRENT])).content.decode()
    assert "Appendix §2.2.2" in page and "§App." not in page
    assert "<dd>Healthcare</dd>" in page and "<dd>healthcare</dd>" not in page


def test_tier_rules_are_numbered_not_shown_by_their_internal_ids(client):
    page = client.get(reverse("guideline:triage", args=[CURRENT])).content.decode()
    assert "Rule 1</td>" in page and ">rule-" not in page
