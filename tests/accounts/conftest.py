import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory


@pytest.fixture
def mfa_enforced(settings):
    settings.ACCOUNTS_MFA_ENFORCE = True


def make_user(username="member", *, verified=True, roles=None, **fields):
    user = UserFactory(username=username, roles=roles or [], **fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def totp_code(secret):
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def enable_totp(user):
    """Gives `user` an authenticator app; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def sign_in(client, login_url, user, password=DEFAULT_PASSWORD):
    """Posts the allauth login form at `login_url` (which may carry ?next=)."""
    return client.post(login_url, {"login": user.email, "password": password})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def login_url(next_url=None):
    url = reverse("account_login")
    return f"{url}?next={next_url}" if next_url else url


@pytest.fixture
def product(db, countries):
    from decimal import Decimal as D

    from oscar.test.factories import create_product

    return create_product(title="Beeswax Candle", price=D("10.00"), num_in_stock=10)


@pytest.fixture
def second_product(db, countries):
    from decimal import Decimal as D

    from oscar.test.factories import create_product

    return create_product(title="Linen Tea Towel", price=D("8.00"), num_in_stock=10)
