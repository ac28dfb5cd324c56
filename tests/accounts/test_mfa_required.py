"""Staff roles must set up MFA before reaching anything else; customers are left alone."""

import pytest
from django.urls import reverse

from accounts.mfa import SESSION_KEY
from tests.accounts.conftest import enable_totp, make_user, totp_code
from tests.config.test_production_settings import REALISTIC_ENV, manage
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

# Staff roles, and venue providers, who see their customers' bookings.
MFA_ROLES = ["Editors", "Moderators", "Marketers", "Shop staff", "Venue providers"]


@pytest.mark.parametrize("role", MFA_ROLES)
def test_staff_without_mfa_are_sent_to_set_it_up(client, home_page, mfa_enforced, role):
    client.force_login(make_user(roles=[role]))
    for url in ["/", "/admin/", "/shop/", reverse("accounts:profile")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url


def test_superusers_need_mfa_too(client, home_page, mfa_enforced):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    assert client.get("/django-admin/")["Location"] == reverse("mfa_activate_totp")


def test_customers_are_not_asked_for_mfa(client, home_page, mfa_enforced):
    client.force_login(make_user())
    assert client.get("/").status_code == 200


def test_staff_with_mfa_go_where_they_asked(client, home_page, mfa_enforced):
    user = make_user(roles=["Editors"])
    enable_totp(user)
    client.force_login(user)
    assert client.get("/").status_code == 200
    assert client.session[SESSION_KEY] == user.pk


def test_the_allow_list_lets_them_set_up_mfa_and_sign_out(client, home_page, mfa_enforced):
    client.force_login(make_user(roles=["Editors"]))
    # Setting up asks for the password again first (the session came from force_login).
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert client.get(response["Location"]).status_code == 200
    assert client.post(reverse("account_logout"))["Location"] == "/"


def test_activating_totp_opens_the_site(client, home_page, mfa_enforced):
    user = make_user(roles=["Moderators"])
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert client.get("/")["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before changing security settings.
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_enforcement_follows_the_configured_groups(client, home_page, settings, mfa_enforced):
    settings.ACCOUNTS_MFA_REQUIRED_GROUPS = ["Shop staff"]
    client.force_login(make_user(roles=["Editors"]))
    assert client.get("/").status_code == 200


def test_switched_off_nobody_is_redirected(client, home_page, settings):
    settings.ACCOUNTS_MFA_ENFORCE = False
    client.force_login(make_user(roles=["Editors"]))
    assert client.get("/").status_code == 200


def test_customers_pay_one_query_for_the_check(
    client, home_page, settings, django_assert_num_queries
):
    client.force_login(make_user())
    settings.ACCOUNTS_MFA_ENFORCE = False
    client.get("/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without:
        client.get("/")
    settings.ACCOUNTS_MFA_ENFORCE = True
    with CaptureQueriesContext(connection) as with_check:
        client.get("/")
    assert len(with_check) == len(without) + 1


def test_production_refuses_to_switch_mfa_off():
    result = manage("check", env=REALISTIC_ENV | {"ACCOUNTS_MFA_ENFORCE": "false"})
    assert result.returncode != 0
    assert "ACCOUNTS_MFA_ENFORCE" in result.stderr


@pytest.mark.parametrize("left_out", ["Venue providers", "Shop staff"])
def test_production_refuses_to_leave_a_role_without_mfa(left_out):
    groups = ",".join(role for role in MFA_ROLES if role != left_out)
    result = manage("check", env=REALISTIC_ENV | {"ACCOUNTS_MFA_REQUIRED_GROUPS": groups})
    assert result.returncode != 0
    assert f"ACCOUNTS_MFA_REQUIRED_GROUPS must include {left_out}" in result.stderr


def test_production_accepts_more_mfa_groups_than_the_roles():
    groups = ",".join([*MFA_ROLES, "Support"])
    result = manage("check", env=REALISTIC_ENV | {"ACCOUNTS_MFA_REQUIRED_GROUPS": groups})
    assert result.returncode == 0, result.stderr


def test_a_passkey_counts_as_the_second_factor(client, home_page, mfa_enforced):
    from allauth.mfa.models import Authenticator

    user = make_user(roles=["Marketers"])
    Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={})
    client.force_login(user)
    assert client.get("/").status_code == 200


def test_recovery_codes_alone_do_not(client, home_page, mfa_enforced):
    from allauth.mfa.models import Authenticator

    user = make_user(roles=["Marketers"])
    Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data={})
    client.force_login(user)
    assert client.get("/")["Location"] == reverse("mfa_activate_totp")
