"""Every way in goes through allauth: the old entry points hand over, keeping `next`, and
allauth's email verification, MFA and rate limits then apply."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.conftest import (
    enable_totp,
    make_user,
    sign_in,
    signed_in_user_id,
    totp_code,
)
from tests.shop.conftest import add_to_basket

pytestmark = pytest.mark.django_db


def start_checkout_as_returning_customer(client, product):
    add_to_basket(client, product)
    return client.post(
        reverse("checkout:index"),
        {"username": "member@example.com", "password": "ignored", "options": "existing"},
    )


def oscar_login(client, product):
    return client.get("/shop/accounts/login/?next=/shop/basket/")


def wagtail_admin(client, product):
    return client.get("/admin/pages/")


def wagtail_admin_login(client, product):
    return client.get("/admin/login/?next=/admin/pages/")


def django_admin(client, product):
    return client.get("/django-admin/")


def django_admin_login(client, product):
    return client.get("/django-admin/login/?next=/django-admin/")


def oscar_dashboard_login(client, product):
    return client.get("/shop/dashboard/login/?next=/shop/dashboard/")


ENTRY_POINTS = {
    "oscar login": (oscar_login, "/shop/basket/"),
    "checkout gateway": (start_checkout_as_returning_customer, "/shop/checkout/"),
    "wagtail admin": (wagtail_admin, "/admin/pages/"),
    "wagtail admin login": (wagtail_admin_login, "/admin/pages/"),
    "django admin": (django_admin, "/django-admin/"),
    "django admin login": (django_admin_login, "/django-admin/"),
    "oscar dashboard login": (oscar_dashboard_login, "/shop/dashboard/"),
}


def handover(client, entry, product):
    """Start at the old entry point; return the allauth login URL it sent us to."""
    start, expected_next = ENTRY_POINTS[entry]
    response = start(client, product)
    assert response.status_code == 302, response
    location = response["Location"]
    if urlsplit(location).path in ("/django-admin/login/", "/admin/login/"):
        # The admins send people to their own login page first, which hands over.
        location = client.get(location)["Location"]
    parts = urlsplit(location)
    assert parts.path == reverse("account_login")
    assert parse_qs(parts.query)["next"] == [expected_next]
    return location


@pytest.fixture
def staff_member(db):
    return make_user("member", roles=["Editors", "Shop staff"], is_superuser=True)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_entry_point_hands_over_to_allauth_keeping_next(client, product, entry):
    handover(client, entry, product)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_unverified_account_cannot_get_in(
    client, product, entry, django_capture_on_commit_callbacks
):
    user = make_user("member", verified=False, roles=["Shop staff"], is_superuser=True)
    url = handover(client, entry, product)
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(client, url, user)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user_id(client) is None
    # and a fresh verification email went out instead
    assert any("Confirm" in message.subject for message in mail.outbox)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_mfa_account_must_pass_mfa_then_lands_on_next(client, product, entry, staff_member):
    secret = enable_totp(staff_member)
    url = handover(client, entry, product)
    response = sign_in(client, url, staff_member)
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user_id(client) is None

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert signed_in_user_id(client) is None

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert signed_in_user_id(client) == str(staff_member.pk)
    assert response["Location"] == ENTRY_POINTS[entry][1]


def test_oscar_registration_hands_over_to_allauth_signup(client):
    response = client.get("/shop/accounts/register/?next=/shop/checkout/&email=new@example.com")
    parts = urlsplit(response["Location"])
    assert parts.path == reverse("account_signup")
    assert parse_qs(parts.query) == {"next": ["/shop/checkout/"], "email": ["new@example.com"]}


def test_signing_up_does_not_sign_in_until_the_email_is_verified(client, home_page):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user_id(client) is None


def test_checkout_gateway_new_customer_goes_to_allauth_signup(client, product):
    add_to_basket(client, product)
    response = client.post(
        reverse("checkout:index"), {"username": "new@example.com", "options": "new"}, follow=True
    )
    first_hop = urlsplit(response.redirect_chain[-1][0])
    assert first_hop.path == reverse("account_signup")
    assert response.context["form"].initial["email"] == "new@example.com"


def test_checkout_gateway_offers_sign_in_without_a_password_field(client, product):
    add_to_basket(client, product)
    page = client.get(reverse("checkout:index")).content.decode()
    assert "Sign in</button>" in page
    assert "Already have an account?" in page
    assert 'type="password"' not in page


def test_guest_checkout_still_works(client, product):
    add_to_basket(client, product)
    response = client.post(
        reverse("checkout:index"), {"username": "guest@example.com", "options": "anonymous"}
    )
    assert response["Location"] == reverse("checkout:shipping-address")


@pytest.mark.parametrize(
    "old, new",
    [
        ("/shop/accounts/logout/", "account_logout"),
        ("/shop/accounts/change-password/", "account_change_password"),
        ("/shop/accounts/profile/", "accounts:profile"),
        ("/shop/accounts/profile/edit/", "accounts:profile"),
        ("/shop/accounts/profile/delete/", "accounts:delete"),
    ],
)
def test_oscar_account_pages_hand_over(client, old, new):
    client.force_login(make_user())
    response = client.get(old)
    assert response.status_code == 302
    assert response["Location"] == reverse(new)


def test_oscar_password_reset_hands_over(client):
    response = client.get("/shop/password-reset/")
    assert response["Location"] == reverse("account_reset_password")


def test_next_pointing_elsewhere_is_dropped(client):
    response = client.get("/shop/accounts/login/?next=https://evil.example.com/")
    assert response["Location"] == reverse("account_login")


def test_basket_merges_after_signing_in_through_allauth(client, product, second_product):
    from oscar.core.loading import get_model

    from shop.partner.strategy import Selector

    Basket = get_model("basket", "Basket")
    user = make_user()
    saved = Basket.objects.create(owner=user)
    saved.strategy = Selector().strategy()
    saved.add_product(second_product)
    add_to_basket(client, product)  # as a guest, in the cookie basket
    response = sign_in(client, reverse("account_login"), user)
    assert response.status_code == 302
    basket = client.get(reverse("basket:summary")).context["basket"]
    assert basket.owner == user
    assert {line.product for line in basket.all_lines()} == {product, second_product}


@pytest.mark.alone
def test_repeated_failures_lock_the_account_out(client, home_page):
    user = make_user()
    for _attempt in range(5):
        response = sign_in(client, reverse("account_login"), user, password="wrong-password")
        assert response.status_code == 200
    # Even the right password is now refused until the lockout ends.
    response = sign_in(client, reverse("account_login"), user)
    assert "Too many failed login attempts" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_only_allauth_checks_passwords(settings):
    assert settings.AUTHENTICATION_BACKENDS == [
        "allauth.account.auth_backends.AuthenticationBackend"
    ]


def test_returning_customer_signs_in_and_carries_on_checking_out(client, product):
    user = make_user()
    url = handover(client, "checkout gateway", product)
    response = sign_in(client, url, user)
    assert response["Location"] == reverse("checkout:index")
    # Signed in now, the gateway sends them straight on; the guest basket came with them.
    assert client.get(reverse("checkout:index"))["Location"] == reverse("checkout:shipping-address")
    basket = client.get(reverse("basket:summary")).context["basket"]
    assert basket.owner == user and basket.num_items == 1


@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/django-admin/", "/shop/dashboard/"])
def test_signed_in_customers_get_403_from_admin_areas_not_a_redirect_loop(client, url):
    client.force_login(make_user())
    response = client.get(url, follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2


def emailed_code(message):
    lines = [line.strip() for line in message.body.splitlines() if line.strip()]
    return lines[lines.index(next(line for line in lines if "sign-in code" in line)) + 1]


def test_signing_in_with_an_emailed_code(client, home_page, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": user.email})
    code = emailed_code(mail.outbox[0])
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(user.pk)


def test_an_emailed_code_does_not_skip_mfa(client, home_page, django_capture_on_commit_callbacks):
    user = make_user()
    enable_totp(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": user.email})
    code = emailed_code(mail.outbox[0])
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user_id(client) is None


def test_wagtail_account_page_leaves_email_and_password_to_allauth(client, home_page):
    client.force_login(make_user(roles=["Editors"]))
    page = client.get("/admin/account/").content.decode()
    assert 'type="password"' not in page
    assert 'name="name_email-email"' not in page
