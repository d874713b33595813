"""The login flow in a real browser: password, authenticator enrolment, recovery codes, lockout."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from bollwerk.models import User
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_login_page_is_served_by_a_live_server(page):
    page.goto("/")
    assert "/login/" in page.url
    expect(page.get_by_label("E-mail address")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()


def test_a_new_user_logs_in_enrols_an_authenticator_and_reaches_the_dashboard(page, officer, org):
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/login/second-factor/setup/"))
    expect(page.locator(".qr svg")).to_be_visible()
    page.get_by_text("Cannot scan? Enter the key by hand").click()
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Confirm").click()
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_text(org.name).first).to_be_visible()


def test_without_the_second_factor_no_page_but_the_second_factor_step_opens(page, officer):
    from tests.factories import TOTPDeviceFactory

    TOTPDeviceFactory(user=officer)
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/login/second-factor/"))
    page.goto("/audit/")
    assert "/login/second-factor/" in page.url


def test_five_wrong_passwords_lock_the_account(page, officer):
    for _ in range(5):
        page.goto("/login/")
        page.get_by_label("E-mail address").fill(officer.email)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Continue").click()
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Account locked")).to_be_visible()
    assert User.objects.get(pk=officer.pk).last_login is None
