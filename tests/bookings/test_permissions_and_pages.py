"""Who sees which bookings, the free-slots endpoint, and the pickers on service and venue pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.accounts import cancel_future_bookings, export_bookings
from bookings.models import Booking

from .conftest import ALL_DAY, book_and_pay, next_slot

pytestmark = pytest.mark.django_db


def slots_url(product_id):
    return reverse("bookings:free-slots", kwargs={"product_id": product_id})


# The free-slots endpoint.


def test_free_slots_json_over_a_range(client, service):
    today = timezone.localdate()
    response = client.get(
        slots_url(service.pk),
        {"from": today.isoformat(), "to": (today + timedelta(days=2)).isoformat()},
    )
    assert response.status_code == 200
    data = response.json()
    assert [day["date"] for day in data["days"]] == [
        (today + timedelta(days=n)).isoformat() for n in range(3)
    ]
    tomorrow = data["days"][1]["slots"]
    assert len(tomorrow) == 24  # open all day, hourly
    assert tomorrow[0]["label"] == "00:00" and tomorrow[0]["places_left"] == 1
    assert data["service"] == {
        "id": service.pk,
        "title": service.title,
        "duration_minutes": 60,
        "capacity": 1,
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2026-13-01"}, "from: use a date like"),
        ({"from": "soon"}, "from: use a date like"),
        ({"from": "2030-05-10", "to": "2030-05-01"}, "before the start"),
        ({"from": "2030-01-01", "to": "2030-03-01"}, "at most 31 days"),
    ],
)
def test_free_slots_bad_input_is_400_with_a_message(client, service, params, message):
    response = client.get(slots_url(service.pk), params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_free_slots_for_an_unknown_service_is_400(client, service, make_venue):
    response = client.get(slots_url(999999))
    assert response.status_code == 400
    assert "No bookable service" in response.json()["error"]


# Pages: a form that works without JavaScript.


def test_service_page_shows_free_times_for_the_chosen_day(client, service):
    day = timezone.localdate() + timedelta(days=2)
    response = client.get(service.get_absolute_url(), {"day": day.isoformat()})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Book a time" in html
    assert f'value="{day.isoformat()}"' in html
    assert 'aria-label="Book 09:00"' in html
    assert "Add to basket" not in html
    assert "Free cancellation up to 24 hours before the start; after that, no refund." in html


def test_service_page_with_a_bad_date_shows_the_error(client, service):
    response = client.get(service.get_absolute_url(), {"day": "31/02"})
    assert response.status_code == 200
    assert "Enter a date like" in response.content.decode()


def test_venue_page_offers_each_service_and_its_times(client, open_venue, make_service):
    make_service(open_venue, title="Sauna Session", minutes=30)
    float_tank = make_service(open_venue, title="Float Tank", minutes=90)
    response = client.get(open_venue.url, {"service": float_tank.pk, "day": "2099-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{float_tank.pk}" selected>' in html
    picker = response.context["booking_picker"]
    assert picker.service.product_id == float_tank.pk
    # Beyond the booking window: no times, a clear line instead.
    assert picker.times == []
    assert "No free times on this day" in html


def test_venue_page_query_budget_holds_with_the_picker(
    client, open_venue, make_service, django_assert_max_num_queries
):
    for n in range(4):
        make_service(open_venue, title=f"Service {n}")
    client.get(open_venue.url)  # warm caches (site root, etc.)
    with django_assert_max_num_queries(20):
        assert client.get(open_venue.url).status_code == 200


# Customers only see and change their own bookings.


def test_customers_cannot_see_or_change_other_peoples_bookings(client, service, user_factory):
    owner = user_factory(username="owner")
    client.force_login(owner)
    booking = book_and_pay(client, service, next_slot(service))
    intruder = user_factory(username="intruder")
    client.force_login(intruder)
    for name in ("cancel", "reschedule", "ics"):
        url = reverse(f"bookings:{name}", kwargs={"reference": booking.reference})
        assert (client.post(url) if name == "cancel" else client.get(url)).status_code == 404
    assert client.get(reverse("bookings:mine")).context["upcoming"] == []
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_guests_cannot_reach_booking_pages(client, service):
    booking = book_and_pay(client, service, next_slot(service))
    url = reverse("bookings:cancel", kwargs={"reference": booking.reference})
    assert client.post(url).status_code == 302  # to sign in
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


# Providers see their own venue's calendar only.


@pytest.fixture
def two_venues(make_venue, make_service, provider_of):
    venue_a = make_venue("Alpha Spa", hours=ALL_DAY, booking_lead_time_minutes=0)
    venue_b = make_venue("Beta Baths", hours=ALL_DAY, booking_lead_time_minutes=0)
    return (
        (venue_a, make_service(venue_a, title="Alpha Massage"), provider_of(venue_a, "prov-a")),
        (venue_b, make_service(venue_b, title="Beta Sauna"), provider_of(venue_b, "prov-b")),
    )


def calendar(client, **params):
    return client.get(reverse("venue_bookings_calendar"), params)


def test_provider_calendar_shows_only_their_venue(client, two_venues):
    (venue_a, service_a, provider_a), (venue_b, service_b, _) = two_venues
    start = next_slot(service_a)
    booking_a = book_and_pay(client.__class__(), service_a, start, email="a@example.com")
    book_and_pay(client.__class__(), service_b, next_slot(service_b), email="b@example.com")
    client.force_login(provider_a)
    day = timezone.localtime(start, venue_a.zone).date()
    for view in ("day", "week"):
        response = calendar(client, view=view, date=day.isoformat(), venue=venue_b.pk)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Alpha Massage" in html and "a@example.com" in html
        assert "Beta Sauna" not in html and "b@example.com" not in html
        assert f'data-booking="{booking_a.pk}"' in html


def test_provider_cannot_act_on_another_venues_booking(client, two_venues):
    (_, _, provider_a), (_, service_b, _) = two_venues
    booking_b = book_and_pay(client.__class__(), service_b, next_slot(service_b))
    client.force_login(provider_a)
    url = reverse("venue_bookings_action", kwargs={"pk": booking_b.pk, "action": "cancel"})
    assert client.post(url).status_code == 404
    booking_b.refresh_from_db()
    assert booking_b.status == Booking.Status.CONFIRMED


def test_people_without_a_venue_cannot_open_the_calendar(client, user_factory):
    client.force_login(user_factory(username="ed", roles=["Editors"]))
    response = calendar(client)
    assert response.status_code in (302, 403)


def test_provider_cancels_and_the_customer_is_refunded_in_full(
    client, two_venues, django_capture_on_commit_callbacks
):
    (venue_a, service_a, provider_a), _ = two_venues
    booking = book_and_pay(
        client.__class__(), service_a, next_slot(service_a), email="c@example.com"
    )
    venue_a.late_cancellation_refund_percent = 0  # the venue's own policy does not apply to it
    venue_a.save()
    client.force_login(provider_a)
    url = reverse("venue_bookings_action", kwargs={"pk": booking.pk, "action": "cancel"})
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert str(booking.refunded_amount) == "60.00"
    assert any(m.to == ["c@example.com"] and "cancelled" in m.subject for m in mail.outbox)


def test_provider_marks_completed_or_no_show_once_started(client, two_venues):
    (_, service_a, provider_a), _ = two_venues
    booking = book_and_pay(client.__class__(), service_a, next_slot(service_a))
    client.force_login(provider_a)

    def mark(action):
        url = reverse("venue_bookings_action", kwargs={"pk": booking.pk, "action": action})
        client.post(url)
        booking.refresh_from_db()
        return booking.status

    assert mark("no_show") == Booking.Status.CONFIRMED  # not started yet
    Booking.objects.filter(pk=booking.pk).update(
        start=timezone.now() - timedelta(hours=2),
        end=timezone.now() - timedelta(hours=1),
        busy_until=timezone.now() - timedelta(hours=1),
    )
    assert mark("no_show") == Booking.Status.NO_SHOW
    assert mark("completed") == Booking.Status.COMPLETED


# What account tools get.


def test_export_and_cancel_future_bookings_for_an_account(client, service, user_factory):
    user = user_factory(username="leaving")
    client.force_login(user)
    booking = book_and_pay(client, service, next_slot(service, days_ahead=3))
    exported = export_bookings(user)
    assert exported[0]["reference"] == str(booking.reference)
    assert exported[0]["status"] == "confirmed"
    import json

    json.dumps(exported)
    assert cancel_future_bookings(user) == [(booking.pk, "60.00")]
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert export_bookings(user)[0]["refunded_amount"] == "60.00"


def test_staff_edit_a_services_booking_rules_in_the_admin(client, service, user_factory):
    from bookings.models import ServiceBookingSettings

    client.force_login(user_factory(username="root", is_superuser=True, is_staff=True))
    response = client.post(
        reverse("service_booking_rules:add"),
        {"product": service.pk, "capacity": "3", "buffer_minutes": "10"},
    )
    assert response.status_code == 302, response.context["form"].errors
    rules = ServiceBookingSettings.objects.get(product=service)
    assert (rules.capacity, rules.buffer_minutes, rules.duration_minutes) == (3, 10, None)


def test_providers_keep_the_booking_rules_of_their_own_services_only(client, two_venues):
    from bookings.models import ServiceBookingSettings

    (_, service_a, provider_a), (_, service_b, _) = two_venues
    theirs = ServiceBookingSettings.objects.create(product=service_b, capacity=2)
    client.force_login(provider_a)

    add = client.get(reverse("service_booking_rules:add"))
    assert list(add.context["form"].fields["product"].queryset) == [service_a]
    response = client.post(
        reverse("service_booking_rules:add"), {"product": service_a.pk, "capacity": "4"}
    )
    assert response.status_code == 302, response.context["form"].errors
    ours = ServiceBookingSettings.objects.get(product=service_a)
    assert ours.capacity == 4

    index = client.get(reverse("service_booking_rules:index"))
    assert index.status_code == 200
    assert "Alpha Massage" in index.text and "Beta Sauna" not in index.text

    # Another venue's service can neither be chosen, opened, changed nor deleted.
    response = client.post(
        reverse("service_booking_rules:add"), {"product": service_b.pk, "capacity": "9"}
    )
    assert "product" in response.context["form"].errors
    for view in ("edit", "delete"):
        url = reverse(f"service_booking_rules:{view}", args=[theirs.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"product": service_b.pk, "capacity": "9"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.capacity == 2

    response = client.post(
        reverse("service_booking_rules:edit", args=[ours.pk]),
        {"product": service_a.pk, "capacity": "5", "buffer_minutes": "15"},
    )
    assert response.status_code == 302
    ours.refresh_from_db()
    assert (ours.capacity, ours.buffer_minutes) == (5, 15)


def test_booking_rules_out_of_range_are_refused_with_field_errors(client, two_venues):
    from bookings.models import ServiceBookingSettings

    (_, service_a, provider_a), _ = two_venues
    client.force_login(provider_a)
    response = client.post(
        reverse("service_booking_rules:add"),
        {"product": service_a.pk, "capacity": "0", "duration_minutes": "2", "buffer_minutes": "x"},
    )
    assert response.status_code == 200
    assert {"capacity", "duration_minutes", "buffer_minutes"} <= set(
        response.context["form"].errors
    )
    assert not ServiceBookingSettings.objects.filter(product=service_a).exists()


def test_people_without_a_role_cannot_open_service_booking_rules(client, user_factory):
    client.force_login(user_factory(username="shopper"))
    assert client.get(reverse("service_booking_rules:index")).status_code in (302, 403)


def test_a_venue_with_bookings_is_not_deleted(client, service, open_venue, user_factory):
    book_and_pay(client.__class__(), service, next_slot(service))
    client.force_login(user_factory(username="root", is_superuser=True, is_staff=True))
    for page in (open_venue, open_venue.get_parent()):
        response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert Booking.objects.get().venue.pk == open_venue.pk


@pytest.mark.alone
def test_calendar_query_count_does_not_grow_with_bookings(
    client, two_venues, django_assert_max_num_queries
):
    (venue_a, service_a, provider_a), _ = two_venues
    first = next_slot(service_a, days_ahead=2)
    day = timezone.localtime(first, venue_a.zone).date().isoformat()
    book_and_pay(client.__class__(), service_a, first)
    client.force_login(provider_a)
    with django_assert_max_num_queries(40) as few:
        calendar(client, view="day", date=day)
    one_booking = len(few.captured_queries)
    for hours in (2, 3, 4):
        book_and_pay(client.__class__(), service_a, first + timedelta(hours=hours))
    with django_assert_max_num_queries(one_booking):
        response = calendar(client, view="day", date=day)
    assert response.content.decode().count("data-booking=") == 4
