"""The front page says what the portal does, for whom, and how to start."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_visitor_at_the_root_meets_the_front_page_not_a_redirect(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Self-assess a generative AI system against Hong Kong" in html
    assert "Technology developers" in html and "Service providers" in html and "Service users" in html
    assert "How to start" in html
    assert reverse("account_signup") in html and reverse("guideline:index") in html


def test_the_front_page_in_chinese(client):
    client.cookies["django_language"] = "zh-hant"
    html = client.get("/").content.decode()
    assert "如何開始" in html and "技術開發者" in html


def test_a_member_is_offered_the_dashboard(client, owner):
    client.force_login(owner)
    html = client.get("/").content.decode()
    assert reverse("assessments:dashboard") in html and reverse("account_signup") not in html


def test_the_front_page_query_count_is_small(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get("/")
