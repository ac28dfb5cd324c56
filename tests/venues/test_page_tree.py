"""Where venue pages may live in the tree."""

import pytest
from django.core.exceptions import ValidationError

from home.models import ContentPage, HomePage
from venues.models import VenueIndexPage, VenuePage

pytestmark = pytest.mark.django_db


def test_venue_index_lives_under_the_home_page_once():
    assert VenueIndexPage.parent_page_types == ["home.HomePage"]
    assert VenueIndexPage.max_count == 1
    assert VenueIndexPage.allowed_subpage_models() == [VenuePage]


def test_venue_pages_live_only_under_the_index_and_have_no_children():
    assert VenuePage.allowed_parent_page_models() == [VenueIndexPage]
    assert VenuePage.allowed_subpage_models() == []
    assert not VenuePage.can_create_at(HomePage())
    assert not VenuePage.can_create_at(ContentPage())


def test_a_second_index_cannot_be_created(venue_index, home_page):
    assert not VenueIndexPage.can_create_at(home_page)


def test_a_copied_venue_does_not_take_the_partner(make_venue, venue_index):
    venue = make_venue()
    copy = venue.copy(update_attrs={"slug": "copy", "title": "Copy"})
    assert copy.partner_id is None and venue.partner_id is not None


def test_a_new_index_gets_the_venue_moderation_workflow(venue_index):
    assert venue_index.get_workflow().name == "Venue moderation"
    assert [task.name for task in venue_index.get_workflow().tasks] == ["Moderator approval"]


def test_a_venue_cannot_take_the_application_forms_slug(venue_index):
    venue = VenuePage(title="Apply", slug="apply")
    with pytest.raises(ValidationError) as error:
        venue_index.add_child(instance=venue)
    assert "slug" in error.value.message_dict
