"""Staff two-factor sign-in: required of Publishers and superusers, open to all other staff."""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from issportal.roles import DATA_EDITORS
from issportal.roles import EDITORS
from issportal.roles import PUBLISHERS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"
SETUP = "/admin/two-factor/"
PASSWORD = "correct horse battery"
START = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def required(settings):
    settings.REQUIRE_TWO_FACTOR = True


@pytest.fixture
def clock():
    """A clock moved on by a TOTP step between uses, since each code works once."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def app_code(user):
    """What the user's authenticator app shows now (the clock is the travelled one)."""
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def log_in(client, username, code=""):
    return client.post(LOGIN, {"username": username, "password": PASSWORD, "otp_token": code})


def set_up(client, user, clock):
    """Walk through the setup page; return the recovery codes it shows."""
    page = client.get(SETUP).content.decode()
    assert 'src="data:image/svg+xml' in page and "Key:" in page
    response = client.post(SETUP, {"action": "confirm", "code": app_code(user)})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    clock.shift(datetime.timedelta(seconds=31))
    return codes


@pytest.mark.parametrize(
    "make_user",
    [lambda: UserFactory(roles=[PUBLISHERS]), lambda: UserFactory(is_superuser=True)],
    ids=["publisher", "superuser"],
)
def test_publishers_and_superusers_must_set_it_up_before_anything_else(client, clock, make_user):
    user = make_user()
    assert log_in(client, user.username).status_code == 302
    for url in ("/admin/", "/admin/news/article/", "/admin/news/article/add/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == SETUP, url
    page = client.get(SETUP).content.decode()
    assert "must sign in with a second factor" in page

    wrong = client.post(SETUP, {"action": "confirm", "code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    clock.shift(datetime.timedelta(seconds=31))  # a wrong code makes the next wait

    codes = set_up(client, user, clock)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200
    status = client.get(SETUP).content.decode()
    assert "Two-factor sign-in is <strong>on</strong>" in status
    assert "10 recovery codes left." in status
    assert "Turn off" not in status  # required of this role


def test_once_set_up_the_code_is_asked_at_every_sign_in(clock):
    user = UserFactory(roles=[PUBLISHERS])
    first = Client()
    log_in(first, user.username)
    codes = set_up(first, user, clock)

    client = Client()
    missing = log_in(client, user.username)
    assert missing.status_code == 200
    assert "Enter the code from your authenticator app" in missing.content.decode()
    wrong = log_in(client, user.username, "123456")
    assert "That code is not right" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    clock.shift(datetime.timedelta(seconds=31))

    assert log_in(client, user.username, app_code(user)).status_code == 302
    assert client.get("/admin/").status_code == 200

    clock.shift(datetime.timedelta(seconds=31))
    by_recovery_code = Client()
    assert log_in(by_recovery_code, user.username, codes[0]).status_code == 302
    assert by_recovery_code.get("/admin/").status_code == 200
    assert "9 recovery codes left." in by_recovery_code.get(SETUP).content.decode()
    again = log_in(Client(), user.username, codes[0])
    assert "That code is not right" in again.content.decode()


def test_wrong_codes_are_throttled_and_count_towards_the_lockout(clock):
    user = UserFactory(roles=[PUBLISHERS])
    log_in(Client(), user.username)
    setup_client = Client()
    log_in(setup_client, user.username)
    set_up(setup_client, user, clock)

    client = Client()
    for _ in range(3):
        log_in(client, user.username, "111111")
    throttled = log_in(client, user.username, app_code(user))
    assert "Too many wrong codes" in throttled.content.decode()
    assert AccessAttempt.objects.get(username=user.username).failures_since_start == 4
    log_in(client, user.username, "111111")
    assert log_in(client, user.username, app_code(user)).status_code == 429


def test_other_staff_may_opt_in_and_out(client, clock):
    user = UserFactory(roles=[EDITORS])
    log_in(client, user.username)
    assert client.get("/admin/").status_code == 200  # not required of Editors
    set_up(client, user, clock)
    assert log_in(Client(), user.username).status_code == 200  # now a code is asked
    page = client.get(SETUP).content.decode()
    assert "Turn off two-factor sign-in" in page
    client.post(SETUP, {"action": "turn_off"})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert log_in(Client(), user.username).status_code == 302


def test_a_required_role_cannot_turn_it_off(client, clock):
    user = UserFactory(roles=[PUBLISHERS])
    log_in(client, user.username)
    set_up(client, user, clock)
    client.post(SETUP, {"action": "turn_off"})
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_new_recovery_codes_replace_the_old_ones(client, clock):
    user = UserFactory(roles=[DATA_EDITORS])
    log_in(client, user.username)
    old = set_up(client, user, clock)
    response = client.post(SETUP, {"action": "renew"})
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert "That code is not right" in log_in(Client(), user.username, old[0]).content.decode()
    clock.shift(datetime.timedelta(seconds=31))
    assert log_in(Client(), user.username, new[0]).status_code == 302


def test_a_session_that_signed_in_before_it_was_required_is_asked_for_a_code(client, clock):
    user = UserFactory(roles=[PUBLISHERS])
    log_in(client, user.username)
    set_up(client, user, clock)
    other = Client()
    other.force_login(user)  # a session from before, with no second factor
    assert other.get("/admin/")["Location"] == SETUP
    assert "Enter a code from your authenticator app" in other.get(SETUP).content.decode()
    response = other.post(SETUP, {"action": "verify", "code": app_code(user)})
    assert response.status_code == 302
    assert other.get("/admin/").status_code == 200


def test_without_the_requirement_everyone_signs_in_with_a_password(client, settings):
    settings.REQUIRE_TWO_FACTOR = False
    user = UserFactory(roles=[PUBLISHERS])
    log_in(client, user.username)
    assert client.get("/admin/").status_code == 200
