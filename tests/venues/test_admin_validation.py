"""The venue editor refuses bad hours, too many people or questions, and bad coordinates."""

import pytest
from django.urls import reverse

from venues.models import HoursException, OpeningHours, TeamMember, VenueFAQ, VenuePage

from .admin_forms import faq, team_member, venue_edit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, user_factory):
    admin = user_factory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    return client


@pytest.fixture
def venue(make_venue):
    return make_venue(hours={})


def save(editor, venue, **kwargs):
    return editor.post(
        reverse("wagtailadmin_pages:edit", args=[venue.pk]), venue_edit_data(venue, **kwargs)
    )


def errors_of(response):
    """Field errors of the page form and of every child form, as text."""
    form = response.context["form"]
    messages = [str(error) for errors in form.errors.values() for error in errors]
    for formset in form.formsets.values():
        messages += [str(error) for error in formset.non_form_errors()]
        for child in formset.forms:
            messages += [str(error) for errors in child.errors.values() for error in errors]
    return messages


def test_valid_hours_team_and_faqs_are_saved(editor, venue):
    response = save(
        editor,
        venue,
        hours=[
            {"weekday": "0", "opens": "09:00", "closes": "12:00"},
            {"weekday": "0", "opens": "13:00", "closes": "17:00"},
            {"weekday": "4", "opens": "22:00", "closes": "02:00"},
        ],
        exceptions=[{"date": "2026-12-25", "label": "Christmas", "opens": "", "closes": ""}],
        team=[team_member(n) for n in range(5)],
        faqs=[faq(n) for n in range(5)],
    )

    assert response.status_code == 302, errors_of(response)
    draft = VenuePage.objects.get(pk=venue.pk).get_latest_revision_as_object()
    assert len(draft.opening_hours.all()) == 3
    assert len(draft.team_members.all()) == 5 and len(draft.faqs.all()) == 5
    # Unpublished: nothing reaches the live tables until the page is published.
    assert not OpeningHours.objects.filter(venue=venue).exists()


def test_overlapping_ranges_on_one_day_are_refused(editor, venue):
    response = save(
        editor,
        venue,
        hours=[
            {"weekday": "2", "opens": "09:00", "closes": "13:00"},
            {"weekday": "2", "opens": "12:00", "closes": "17:00"},
        ],
    )

    assert response.status_code == 200
    assert any("overlaps another Wednesday range" in error for error in errors_of(response))


def test_a_range_past_midnight_may_not_overlap_the_next_morning(editor, venue):
    response = save(
        editor,
        venue,
        hours=[
            {"weekday": "4", "opens": "22:00", "closes": "03:00"},
            {"weekday": "5", "opens": "02:00", "closes": "10:00"},
        ],
    )

    assert any("overlaps another Saturday range" in error for error in errors_of(response))


def test_equal_opening_and_closing_times_are_refused(editor, venue):
    response = save(editor, venue, hours=[{"weekday": "0", "opens": "09:00", "closes": "09:00"}])

    assert any("Closing time equals opening time" in error for error in errors_of(response))


def test_duplicate_exception_dates_are_refused(editor, venue):
    response = save(
        editor,
        venue,
        exceptions=[
            {"date": "2026-12-25", "label": "Christmas", "opens": "", "closes": ""},
            {"date": "2026-12-25", "label": "Again", "opens": "10:00", "closes": "12:00"},
        ],
    )

    assert any("already an exception for 25 Dec 2026" in error for error in errors_of(response)), (
        errors_of(response)
    )
    assert not HoursException.objects.exists()


def test_an_exception_needs_both_times_or_none(editor, venue):
    response = save(
        editor,
        venue,
        exceptions=[{"date": "2026-12-24", "label": "", "opens": "10:00", "closes": ""}],
    )

    assert any("Enter both times" in error for error in errors_of(response))


@pytest.mark.parametrize(("relation", "rows"), [("team", team_member), ("faqs", faq)])
def test_a_sixth_team_member_or_faq_is_refused_with_a_clear_message(editor, venue, relation, rows):
    response = save(editor, venue, **{relation: [rows(n) for n in range(6)]})

    assert response.status_code == 200
    assert "You can add at most 5 here: remove one before adding another." in errors_of(response)
    assert not TeamMember.objects.exists() and not VenueFAQ.objects.exists()


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("91", "0", "less than or equal to 90"),
        ("-90.5", "0", "greater than or equal to -90"),
        ("51.5", "180.1", "less than or equal to 180"),
        ("north", "0", "Enter a number"),
        ("51.5", "", "Enter both latitude and longitude"),
    ],
)
def test_bad_coordinates_are_refused(editor, venue, latitude, longitude, message):
    response = save(editor, venue, latitude=latitude, longitude=longitude)

    assert response.status_code == 200
    assert any(message in error for error in errors_of(response)), errors_of(response)


def test_unknown_time_zone_is_refused(editor, venue):
    response = save(editor, venue, timezone="Mars/Olympus_Mons")

    assert any("Select a valid choice" in error for error in errors_of(response))


def test_editor_has_the_four_tabs_map_picker_and_help(editor, venue):
    response = editor.get(reverse("wagtailadmin_pages:edit", args=[venue.pk]))

    html = response.content.decode()
    for tab in ("Content", "Location &amp; hours", "Team &amp; FAQs", "Promote"):
        assert tab in html
    assert "data-venue-map-picker" in html
    assert "venues/vendor/leaflet/leaflet.js" in html
    assert "runs past midnight" in html
