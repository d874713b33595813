"""A WebAuthn security key as second factor, with Chromium's virtual authenticator."""

import re
from urllib.parse import urlparse

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.workers import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def test_a_user_registers_a_security_key_and_logs_in_with_it_as_second_factor(login_as, officer):
    page = login_as(officer)
    _virtual_authenticator(page)
    page.goto("/account/security/")
    page.get_by_role("button", name="Register a security key").click()
    credential = wait_for(
        lambda: WebAuthnCredential.objects.filter(user=officer, confirmed=True).first(), 20
    )
    assert credential is not None, page.locator("#passkey-register-status-message").inner_text()

    page.goto("/")
    page.get_by_role("button", name="Log out").first.click()
    page.goto("/login/?next=/members/")
    page.get_by_label("E-mail address").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/login/second-factor/"))
    page.get_by_role("button", name="Use a security key instead").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/members/")
    expect(page.get_by_role("heading", name="Members")).to_be_visible()


def test_the_only_second_factor_cannot_be_removed_but_a_spare_one_can(client, officer):
    keys = [
        WebAuthnCredential.objects.create(
            user=officer,
            name=f"key {n}",
            confirmed=True,
            public_key=b"x",
            credential_id=f"id{n}".encode(),
            sign_count=0,
        )
        for n in range(2)
    ]
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = keys[0].persistent_id
    session.save()
    response = client.post("/account/security/", {"remove_key": keys[1].pk}, follow=True)
    assert not WebAuthnCredential.objects.filter(pk=keys[1].pk).exists()
    assert b"The security key was removed." in response.content
    response = client.post("/account/security/", {"remove_key": keys[0].pk}, follow=True)
    assert WebAuthnCredential.objects.filter(pk=keys[0].pk).exists()
    assert b"keep at least one other second factor" in response.content
