"""With DEBUG off, errors answer in the portal's layout and in the reader's language."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults
from django.views.csrf import csrf_failure

pytestmark = pytest.mark.django_db
LANGUAGES = {
    "en": {
        "404": "Page not found",
        "400": "The request could not be understood",
        "brand": "GenAI Guideline Portal",
    },
    "zh-hant": {"404": "找不到頁面", "400": "無法理解這個請求", "brand": "生成式人工智能指引平台"},
}


def _in_layout(html: str, language: str) -> None:
    assert 'class="site-header"' in html and "/static/css/portal.css" in html
    assert LANGUAGES[language]["brand"] in html
    assert ("zh-Hant-HK" if language == "zh-hant" else 'lang="en"') in html


def _client(language: str, **kwargs) -> Client:
    client = Client(raise_request_exception=False, **kwargs)
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize("language", ["en", "zh-hant"])
@pytest.mark.parametrize(
    ("status", "path", "host"), [(404, "/no-such-page/", "testserver"), (400, "/", "evil.example")]
)
def test_unknown_addresses_and_forged_hosts_answer_in_the_portal_layout(language, status, path, host):
    response = _client(language).get(path, HTTP_HOST=host)
    html = response.content.decode()
    assert response.status_code == status
    _in_layout(html, language)
    assert LANGUAGES[language][str(status)] in html


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_a_form_without_its_csrf_token_is_refused_in_the_portal_layout(language):
    response = _client(language, enforce_csrf_checks=True).post("/i18n/setlang/", {"language": "en"})
    html = response.content.decode()
    assert response.status_code == 403
    _in_layout(html, language)
    assert ("The form could not be accepted" if language == "en" else "無法接受這份表格") in html
    assert "CSRF" in html


@pytest.mark.parametrize(
    ("language", "status", "render", "heading"),
    [
        ("en", 500, lambda r: defaults.server_error(r), "Something went wrong on our side"),
        ("zh-hant", 500, lambda r: defaults.server_error(r), "平台出了問題"),
        ("en", 403, lambda r: defaults.permission_denied(r, PermissionDenied()), "You may not do this"),
        ("zh-hant", 403, lambda r: defaults.permission_denied(r, PermissionDenied()), "您無權這樣做"),
        ("en", 403, lambda r: csrf_failure(r), "The form could not be accepted"),
    ],
)
def test_the_error_handlers_render_the_portal_pages(language, status, render, heading):
    request = RequestFactory().get("/")
    with translation.override(language):
        response = render(request)
    html = response.content.decode()
    assert response.status_code == status
    _in_layout(html, language)
    assert heading in html


def test_the_500_page_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        defaults.server_error(RequestFactory().get("/"))


def test_favicon_is_served_not_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
