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


def login_from(client, forwarded_for, username="ada", password="wrong", peer="10.0.0.1"):
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for else {}
    return client.post(
        LOGIN, {"username": username, "password": password}, headers=headers, REMOTE_ADDR=peer
    )


def test_behind_a_proxy_a_forged_forwarded_address_does_not_reset_the_count(client, settings):
    """The proxy appends the real address; what the client put before it is ignored."""
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="ada")
    statuses = [login_from(client, f"198.51.100.{i}, 203.0.113.7").status_code for i in range(10)]
    assert statuses == [200] * 4 + [429] * 6
    right = login_from(client, "198.51.100.99, 203.0.113.7", password="correct horse battery")
    assert right.status_code == 429


@pytest.mark.parametrize("attacker", ["203.0.113.66", None])
def test_failures_elsewhere_do_not_lock_staff_out(client, settings, attacker):
    """Ten failures from one address, forwarded once or not at all, lock only that address."""
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="ada")
    for _ in range(10):
        login_from(client, attacker, peer="10.0.0.9")
    assert login_from(client, attacker, peer="10.0.0.9").status_code == 429
    staff = login_from(client, "198.51.100.5", password="correct horse battery")
    assert staff.status_code == 302


def test_one_address_cannot_try_every_user_name(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="ada")
    statuses = [
        login_from(client, None, username=f"guess{i}", peer="192.0.2.1").status_code
        for i in range(20)
    ]
    assert statuses == [200] * 19 + [429]
    assert (
        login_from(client, None, password="correct horse battery", peer="192.0.2.1").status_code
        == 429
    )
    assert (
        login_from(client, None, password="correct horse battery", peer="192.0.2.2").status_code
        == 302
    )


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client_address"),
    [
        (0, "198.51.100.1", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 10.1.1.1", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_what_the_trusted_proxies_report(
    rf, settings, proxies, forwarded, client_address
):
    from issportal.login_throttle import client_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == client_address
