"""Personal data: export after re-authentication, with a signed expiring link; erasure that
keeps orders without personal data and suppresses the address."""

import io
import json
import re
import zipfile

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_order, create_product

from accounts import personal_data
from accounts.consent import is_suppressed, record_consent
from accounts.models import ConsentRecord, PersonalDataExport
from tests.accounts.conftest import make_user
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
Basket = get_model("basket", "Basket")
WishList = get_model("wishlists", "WishList")
ProductReview = get_model("reviews", "ProductReview")
ShippingAddress = get_model("order", "ShippingAddress")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")
OrderNote = get_model("order", "OrderNote")

EXPECTED_FILES = {
    "profile.json",
    "addresses.json",
    "orders.json",
    "bookings.json",
    "subscriptions.json",
    "reviews.json",
    "venue_reviews.json",
    "wishlists.json",
    "newsletter_subscriptions.json",
    "consent_log.json",
}


@pytest.fixture
def customer(home_page, countries):
    user = make_user("ann", first_name="Ann", last_name="Lee")
    country = Country.objects.get(iso_3166_1_a2="GB")
    UserAddress.objects.create(
        user=user,
        first_name="Ann",
        last_name="Lee",
        line1="1 Quay Street",
        line4="Bristol",
        postcode="BS1 4DJ",
        country=country,
    )
    address = ShippingAddress.objects.create(
        first_name="Ann",
        last_name="Lee",
        line1="1 Quay Street",
        line4="Bristol",
        postcode="BS1 4DJ",
        country=country,
        phone_number="+447700900123",
        notes="Leave by the blue door",
    )
    order = create_order(user=user, shipping_address=address)
    OrderNote.objects.create(order=order, message="Ann rang about the delivery")
    Basket.objects.create(owner=user)
    wishlist = WishList.objects.create(owner=user, name="Birthday")
    candle = create_product(title="Beeswax Candle")
    wishlist.add(candle)
    get_model("customer", "ProductAlert").objects.create(product=candle, user=user)
    ProductReview.objects.create(
        product=create_product(title="Linen Tea Towel"),
        user=user,
        score=5,
        title="Lovely",
        body="Bought for my mum Ann.",
    )
    record_consent(purpose="newsletter", given=True, text_version="v1", source="profile", user=user)
    return user


def reauthenticate(client):
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})


def request_export(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:export"))
    return response


def download_link(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_export_needs_a_recent_reauthentication(client, customer):
    client.force_login(customer)
    response = client.post(reverse("accounts:export"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not PersonalDataExport.objects.exists()


def test_export_is_complete_and_emailed_as_a_signed_link(
    client, customer, django_capture_on_commit_callbacks
):
    client.force_login(customer)
    reauthenticate(client)
    response = request_export(client, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("accounts:profile")

    export = PersonalDataExport.objects.get(user=customer)
    assert export.status == PersonalDataExport.Status.READY
    (message,) = mail.outbox
    assert message.to == [customer.email]
    download = client.get(download_link(message))
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert set(archive.namelist()) == EXPECTED_FILES
    data = {name.removesuffix(".json"): json.loads(archive.read(name)) for name in EXPECTED_FILES}
    assert data["profile"]["email"] == customer.email
    assert data["profile"]["first_name"] == "Ann"
    assert data["addresses"][0]["postcode"] == "BS1 4DJ"
    order = Order.objects.get(user=customer)
    assert data["orders"][0]["number"] == order.number
    assert data["orders"][0]["shipping_address"]["notes"] == "Leave by the blue door"
    assert data["orders"][0]["lines"]
    assert data["bookings"] == []
    assert data["subscriptions"]["newsletter"] is True
    assert data["subscriptions"]["product_alerts"][0]["product"] == "Beeswax Candle"
    assert data["wishlists"] == [{"name": "Birthday", "products": ["Beeswax Candle"]}]
    assert data["reviews"][0]["title"] == "Lovely"
    assert data["consent_log"][0]["purpose"] == "newsletter"


def test_export_link_works_only_for_its_owner(client, customer, django_capture_on_commit_callbacks):
    client.force_login(customer)
    reauthenticate(client)
    request_export(client, django_capture_on_commit_callbacks)
    link = download_link(mail.outbox[0])

    stranger = Client()
    stranger.force_login(make_user("stranger"))
    assert stranger.get(link).status_code == 404
    assert Client().get(link)["Location"].startswith(reverse("account_login"))
    assert client.get(link[:-3] + "xyz/").status_code == 404  # tampered signature


def test_export_link_expires(client, customer, settings, django_capture_on_commit_callbacks):
    client.force_login(customer)
    reauthenticate(client)
    request_export(client, django_capture_on_commit_callbacks)
    settings.ACCOUNTS_EXPORT_LINK_MAX_AGE = -1  # any age is now too old
    response = client.get(download_link(mail.outbox[0]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_other_apps_can_add_to_the_export(customer):
    personal_data.register_exporter("loyalty", lambda user: {"points": 42})
    try:
        archive = zipfile.ZipFile(io.BytesIO(personal_data.build_zip(customer)))
        assert json.loads(archive.read("loyalty.json")) == {"points": 42}
    finally:
        personal_data._exporters.pop("loyalty")


def test_deletion_needs_reauthentication_and_the_email_typed(client, customer):
    client.force_login(customer)
    assert client.get(reverse("accounts:delete"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    reauthenticate(client)
    response = client.post(reverse("accounts:delete"), {"email": "someone-else@example.com"})
    assert response.status_code == 400
    assert "not the email address of this account" in response.content.decode()
    assert type(customer).objects.filter(pk=customer.pk).exists()


def test_deletion_keeps_orders_without_personal_data(client, customer):
    order = Order.objects.get(user=customer)
    email = customer.email
    client.force_login(customer)
    reauthenticate(client)
    response = client.post(reverse("accounts:delete"), {"email": email})
    assert response["Location"] == "/"
    assert client.session.get("_auth_user_id") is None
    assert not type(customer).objects.filter(pk=customer.pk).exists()

    order.refresh_from_db()
    assert order.user is None and order.guest_email == ""
    address = order.shipping_address
    address.refresh_from_db()
    assert (address.first_name, address.last_name, address.line1, address.postcode) == ("",) * 4
    assert address.notes == "" and not address.phone_number
    assert order.notes.get().message == "(removed)"
    assert order.total_incl_tax > 0  # the accounts still add up

    assert not Basket.objects.filter(owner_id=customer.pk).exists()
    assert not WishList.objects.exists()
    assert not get_model("customer", "ProductAlert").objects.exists()
    review = ProductReview.objects.get()
    assert review.user is None and review.email == "" and review.name == "A former customer"
    assert not ConsentRecord.objects.exists()
    assert is_suppressed(email)


def test_deletion_is_all_or_nothing(customer):
    def broken(user):
        raise RuntimeError("disk on fire")

    personal_data.register_eraser(broken)
    try:
        with pytest.raises(RuntimeError):
            personal_data.erase_account(customer)
    finally:
        personal_data._erasers.remove(broken)
    assert type(customer).objects.filter(pk=customer.pk).exists()
    assert Order.objects.get().user == customer
    assert not is_suppressed(customer.email)


def test_expired_export_files_are_purged(client, customer, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(customer)
    reauthenticate(client)
    request_export(client, django_capture_on_commit_callbacks)
    export = PersonalDataExport.objects.get()
    storage = personal_data.private_storage()
    assert storage.exists(export.file_name)
    assert personal_data.purge_expired_exports() == 0  # still within its link's life
    later = timezone.now() + timedelta(days=3)
    assert personal_data.purge_expired_exports(now=later) == 1
    assert not storage.exists(export.file_name)
    export.refresh_from_db()
    assert export.status == PersonalDataExport.Status.EXPIRED


def test_deletion_scrubs_finished_payment_snapshots_and_the_picture(
    customer, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from accounts.models import Profile

    Intent = get_model("payment", "StripePaymentIntent")
    order = Order.objects.get(user=customer)
    snapshot = {
        "user_id": customer.pk,
        "guest_email": None,
        "email": customer.email,
        "shipping_method": "standard",
        "shipping_address": {"first_name": "Ann", "line1": "1 Quay Street"},
    }
    paid = Intent.objects.create(
        intent_id="pi_paid",
        order_number=order.number,
        amount=order.total_incl_tax,
        currency="GBP",
        status=Intent.Status.SUCCEEDED,
        checkout=snapshot,
        order=order,
    )
    in_flight = Intent.objects.create(
        intent_id="pi_pending",
        order_number="100999",
        amount=10,
        currency="GBP",
        status=Intent.Status.PENDING,
        checkout=snapshot,
    )
    profile = Profile.for_user(customer)
    profile.avatar.save("me.png", ContentFile(b"png"), save=True)
    storage, avatar = profile.avatar.storage, profile.avatar.name

    with django_capture_on_commit_callbacks(execute=True):
        personal_data.erase_account(customer)

    paid.refresh_from_db()
    assert paid.checkout["email"] == "" and paid.checkout["shipping_address"] is None
    assert paid.checkout["shipping_method"] == "standard"
    in_flight.refresh_from_db()
    assert in_flight.checkout["email"] == customer.email  # still needed to place the order
    assert not storage.exists(avatar)


def test_a_second_export_request_soon_after_is_not_built_twice(
    client, customer, django_capture_on_commit_callbacks
):
    client.force_login(customer)
    reauthenticate(client)
    request_export(client, django_capture_on_commit_callbacks)
    request_export(client, django_capture_on_commit_callbacks)
    assert PersonalDataExport.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_broken_exporter_marks_the_export_failed(customer):
    def broken(user):
        raise RuntimeError("exporter bug")

    personal_data.register_exporter("broken", broken)
    export = PersonalDataExport.objects.create(user=customer)
    try:
        with pytest.raises(RuntimeError):
            personal_data.build_export(export.pk)
    finally:
        personal_data._exporters.pop("broken")
    export.refresh_from_db()
    assert export.status == PersonalDataExport.Status.FAILED
    assert not mail.outbox


def test_deletion_blocked_by_protected_data_shows_a_message(client, customer):
    from django.db.models import ProtectedError

    def protected(user):
        raise ProtectedError("kept", set())

    personal_data.register_eraser(protected)
    client.force_login(customer)
    reauthenticate(client)
    try:
        response = client.post(reverse("accounts:delete"), {"email": customer.email})
    finally:
        personal_data._erasers.remove(protected)
    assert response.status_code == 409
    assert "could not delete your account" in response.content.decode()
    assert type(customer).objects.filter(pk=customer.pk).exists()
