"""Two-factor sign-in in Chromium: the QR code shows under the strict CSP, forms are accessible."""

import pytest


@pytest.fixture
def publisher(settings):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    settings.REQUIRE_TWO_FACTOR = True
    user = get_user_model().objects.create_user(
        "maria", password="correct horse battery", is_staff=True
    )
    # Publishing is what makes two-factor sign-in required.
    user.user_permissions.add(Permission.objects.get(codename="publish_article"))
    return user


def test_a_publisher_is_led_to_set_up_two_factor_and_sees_the_qr_code(page, axe, publisher):
    page.goto("/admin/login/?next=/admin/")
    axe(page)
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/two-factor/")
    qr_code = page.get_by_role("img", name="QR code of your two-factor key for ISS Portal")
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0")
    assert page.get_by_label("Code from the app").is_visible()
    axe(page)
    assert page.console_log.errors == []
