"""Login needs password and second factor; brute force locks the account."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from bollwerk.models import AuditEvent
from tests.conftest import totp_now
from tests.factories import PASSWORD, TOTPDeviceFactory

pytestmark = pytest.mark.django_db


def _password_login(client, user, password=PASSWORD):
    return client.post(reverse("login"), {"username": user.email, "password": password})


def test_a_user_with_password_but_no_second_factor_sees_only_the_second_factor_step(
    client, officer
):
    TOTPDeviceFactory(user=officer)
    response = _password_login(client, officer)
    assert response.status_code == 302
    for url in ["/", reverse("members"), reverse("audit-log"), reverse("api-tokens"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa-verify")), url
    assert client.get(reverse("mfa-verify")).status_code == 200


def test_the_api_refuses_a_session_without_second_factor(client, officer):
    TOTPDeviceFactory(user=officer)
    _password_login(client, officer)
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_a_user_without_a_device_is_sent_to_enrolment(client, officer):
    _password_login(client, officer)
    response = client.get("/")
    assert response["Location"].startswith(reverse("mfa-setup"))


def test_enrolment_with_a_valid_code_gives_recovery_codes_and_access(client, officer):
    _password_login(client, officer)
    page = client.get(reverse("mfa-setup"))
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post(reverse("mfa-setup"), {"code": totp_now(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="mfa_enrolled", actor_label=officer.email).exists()


def test_enrolment_with_a_wrong_code_is_refused(client, officer):
    _password_login(client, officer)
    client.get(reverse("mfa-setup"))
    response = client.post(reverse("mfa-setup"), {"code": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get("/").status_code == 302


def test_a_recovery_code_works_once(client, officer):
    from bollwerk.services.mfa import recovery_codes_regenerate

    TOTPDeviceFactory(user=officer)
    code = recovery_codes_regenerate(user=officer)[0]
    _password_login(client, officer)
    assert client.post(reverse("mfa-verify"), {"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    client.post(reverse("logout"))
    _password_login(client, officer)
    response = client.post(reverse("mfa-verify"), {"code": code})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_a_totp_code_completes_login(client, officer):
    device = TOTPDeviceFactory(user=officer)
    _password_login(client, officer)
    response = client.post(reverse("mfa-verify"), {"code": totp_now(device), "next": "/members/"})
    assert response["Location"] == "/members/"
    assert client.get("/members/").status_code == 200


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(client, officer, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(5):
        _password_login(client, officer, password="wrong-password")
    response = _password_login(client, officer)
    assert response.status_code == 429
    assert b"locked" in response.content.lower()
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not_lock(client, officer):
    for _ in range(4):
        _password_login(client, officer, password="wrong-password")
    response = _password_login(client, officer)
    assert response.status_code == 302


def test_successful_and_failed_logins_are_in_the_audit_trail(client, officer, org):
    TOTPDeviceFactory(user=officer)
    _password_login(client, officer, password="wrong-password")
    _password_login(client, officer)
    actions = list(AuditEvent.objects.filter(organization=org).values_list("action", flat=True))
    assert "login_failed" in actions
    assert "login" in actions


def test_session_cookie_is_http_only_and_idle_timeout_is_configured(settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_a_password_alone_cannot_register_a_security_key(client, officer):
    TOTPDeviceFactory(user=officer)
    _password_login(client, officer)
    response = client.post("/login/webauthn/registration/begin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa-verify"))


def test_the_security_key_step_is_reachable_before_the_second_factor(client, officer):
    TOTPDeviceFactory(user=officer)
    _password_login(client, officer)
    assert client.get("/login/webauthn/jsi18n/").status_code == 200


def test_the_manual_entry_secret_is_the_device_key_in_base32(officer):
    import base64

    from bollwerk.services.mfa import totp_pending_device, totp_secret_base32

    device = totp_pending_device(officer)
    typed = totp_secret_base32(device).replace(" ", "")
    assert base64.b32decode(typed + "=" * (-len(typed) % 8)) == device.bin_key
