"""The time-zone picker: the venue's country's zones first, no aliases, a default from the
country and city."""

import pytest
from django.test import override_settings

from venues.timezones import (
    country_code,
    current_zones,
    default_timezone_for,
    timezone_choices,
    zones_for_country,
)


@pytest.mark.parametrize(
    ("written", "code"),
    [("United Kingdom", "GB"), ("uk", "GB"), ("GB", "GB"), (" France ", "FR"), ("Narnia", None)],
)
def test_country_names_people_write(written, code):
    assert country_code(written) == code


def test_a_single_zone_country_defaults_to_it():
    assert default_timezone_for("United Kingdom", "Brighton") == "Europe/London"
    assert default_timezone_for("Japan") == "Asia/Tokyo"


def test_a_city_picks_its_zone_in_a_country_with_several():
    assert default_timezone_for("United States", "Los Angeles") == "America/Los_Angeles"
    assert default_timezone_for("United States", "Chicago") == "America/Chicago"


@override_settings(TIME_ZONE="Europe/London")
def test_an_unknown_country_falls_back_to_the_site_zone():
    assert default_timezone_for("Narnia", "Cair Paravel") == "Europe/London"


def test_the_choices_put_the_country_first_and_leave_out_aliases():
    groups = timezone_choices("United Kingdom", "Europe/London")
    (first_label, first), (rest_label, rest) = groups
    assert first_label == "In United Kingdom" and [zone for zone, _ in first] == ["Europe/London"]
    names = {zone for zone, _ in rest}
    assert "Europe/Paris" in names and "Europe/London" not in names
    assert not names & {"GB", "US/Eastern", "Etc/GMT+5", "UTC"}
    assert len(first) + len(rest) == len(current_zones()) < 500


def test_a_stored_zone_that_is_not_current_stays_choosable():
    (_, rest), *_ = timezone_choices("Narnia", "US/Eastern")
    assert "US/Eastern" in {zone for zone, _ in rest}
    assert zones_for_country("Narnia") == []


@pytest.mark.django_db
def test_the_venue_form_offers_the_countrys_zone_first(client, make_venue, user_factory):
    from django.urls import reverse

    venue = make_venue(title="Harbour Spa", country="France", timezone="Europe/Paris")
    client.force_login(user_factory(username="mod", roles=["Moderators"]))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[venue.pk])).content.decode()
    select = html[html.index('name="timezone"') :]
    select = select[: select.index("</select>")]
    assert select.index('label="In France"') < select.index('label="Other time zones"')
    assert 'value="Europe/Paris" selected' in select and 'value="US/Eastern"' not in select
