import pytest

pytestmark = pytest.mark.django_db


def test_versions(api):
    r = api.get("/api/v1/guideline/versions/")
    assert r.status_code == 200, r.content


def test_me_needs_auth(api):
    r = api.get("/api/v1/me/")
    assert r.status_code == 401, r.content
    print(r.content, r.headers)


def test_me(as_user, owner):
    r = as_user(owner).get("/api/v1/me/")
    assert r.status_code == 200, r.content
