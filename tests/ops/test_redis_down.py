"""With Redis down (cache, sessions and broker), every page family still answers, and work
queued by a request waits in the outbox for the broker to come back."""

import pytest
from django.urls import reverse

from accounts.tasks import send_account_email
from outbox.models import PendingTask
from tests.accounts.conftest import make_user
from tests.factories import DEFAULT_PASSWORD
from tests.shop.conftest import start_guest_checkout

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def pending(task):
    return PendingTask.objects.filter(task=task.name)


@pytest.mark.parametrize(
    "path", ["/", "/winter-sale/", "/sitemap.xml", "/shop/basket/", "/accounts/login/"]
)
def test_pages_answer_while_redis_is_down(client, redis_down, landing_page, path):
    assert client.get(path).status_code == 200


def test_sign_in_works_while_redis_is_down(client, redis_down, home_page):
    user = make_user()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_sign_up_works_and_its_email_waits_in_the_outbox(client, redis_down, home_page):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == 302
    kept = pending(send_account_email).get()
    assert kept.kwargs["to"] == ["new@example.com"]


def test_checkout_places_an_order_while_redis_is_down(client, redis_down, product):
    start_guest_checkout(client, product)
    response = client.post(reverse("checkout:preview"), {"action": "place_order"})
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:thank-you")
    assert client.get(reverse("checkout:thank-you")).status_code == 200
    assert PendingTask.objects.filter(task="shop.tasks.send_order_email").exists()
