"""A venue page books in one tap: a "Book" per service opens the picker for that service, and
phones keep a "Book" bar in reach."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_each_service_books_through_the_picker_for_that_service(client, open_venue, make_service):
    massage = make_service(open_venue, title="Massage", minutes=60, price="50.00")
    facial = make_service(open_venue, title="Facial", minutes=30, price="30.00")

    html = client.get(open_venue.url).content.decode()

    for service in (massage, facial):
        assert f'href="?service={service.pk}#book"' in html
    assert 'aria-label="Book Facial"' in html and "30 min" in html and "£36.00" in html

    chosen = client.get(f"{open_venue.url}?service={facial.pk}").content.decode()

    assert "Book a time: Facial" in chosen
    assert re.search(rf'<option value="{facial.pk}" selected>Facial</option>', chosen)
    assert 'name="slot"' in chosen or "data-slot-picker-times" in chosen


def test_phones_get_a_book_bar_with_the_lowest_price(client, open_venue, make_service):
    make_service(open_venue, title="Massage", price="50.00")
    make_service(open_venue, title="Facial", price="30.00")

    html = client.get(open_venue.url).content.decode()

    bar = re.search(r'<div class="venue-book-bar d-lg-none">(.*?)</div>', html, re.S).group(1)
    assert 'href="#book"' in bar and "from £36.00" in bar
    assert 'id="book"' in html


def test_a_venue_without_services_offers_no_booking(client, open_venue):
    html = client.get(open_venue.url).content.decode()

    assert "venue-book-bar" not in html and "venue-services__book" not in html
