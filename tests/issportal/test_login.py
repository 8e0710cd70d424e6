import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


def attempt(client, password):
    return client.post(LOGIN, {"username": "ada", "password": password})


def test_login_is_throttled_with_a_lockout_message(client):
    UserFactory(username="ada")
    for _ in range(4):
        response = attempt(client, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    # Even the right password is refused while locked out.
    assert attempt(client, "correct horse battery").status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_good_login_renews_the_session(client):
    UserFactory(username="ada")
    client.get(LOGIN)
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    response = attempt(client, "correct horse battery")
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.session["_auth_user_id"]
