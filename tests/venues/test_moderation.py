"""Providers edit only their own venue, and only Moderators make their changes live."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from venues.models import VenuePage

from .admin_forms import venue_edit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def venues_and_providers(make_venue, provider_of):
    venue_a, venue_b = make_venue(title="Venue A"), make_venue(title="Venue B")
    return venue_a, venue_b, provider_of(venue_a, "provider-a"), provider_of(venue_b, "provider-b")


def edit_url(venue):
    return reverse("wagtailadmin_pages:edit", args=[venue.pk])


def test_provider_cannot_see_or_edit_another_venue(client, venues_and_providers):
    venue_a, venue_b, provider_a, _ = venues_and_providers
    client.force_login(provider_a)

    assert client.get(edit_url(venue_a)).status_code == 200
    assert client.get(edit_url(venue_b)).status_code in (302, 403)
    response = client.post(edit_url(venue_b), venue_edit_data(venue_b, title="Hijacked"))
    assert response.status_code in (302, 403)
    assert VenuePage.objects.get(pk=venue_b.pk).get_latest_revision_as_object().title == "Venue B"

    listing = client.get(reverse("venue_pages:index")).content.decode()
    assert "Venue A" in listing and "Venue B" not in listing
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "Venue"}).content.decode()
    assert "Venue B" not in search


def test_provider_cannot_publish_and_their_submission_is_not_live(
    client, venues_and_providers, django_capture_on_commit_callbacks
):
    venue_a, _, provider_a, _ = venues_and_providers
    client.force_login(provider_a)

    client.post(
        edit_url(venue_a),
        venue_edit_data(venue_a, title="Venue A, renamed", **{"action-publish": "1"}),
    )
    response = client.post(
        edit_url(venue_a),
        venue_edit_data(venue_a, title="Venue A, renamed", **{"action-submit": "1"}),
    )

    assert response.status_code == 302
    venue = VenuePage.objects.get(pk=venue_a.pk)
    assert venue.title == "Venue A" and venue.has_unpublished_changes
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(venue.pk))
    assert state.workflow.name == "Venue moderation" and state.status == "in_progress"
    client.logout()
    assert "Venue A, renamed" not in client.get(venue.url).content.decode()


def test_moderator_approves_and_the_provider_is_told(
    client, venues_and_providers, user_factory, django_capture_on_commit_callbacks
):
    venue_a, _, provider_a, _ = venues_and_providers
    client.force_login(provider_a)
    client.post(
        edit_url(venue_a),
        venue_edit_data(venue_a, title="Venue A, renamed", **{"action-submit": "1"}),
    )
    task_state = WorkflowState.objects.get().current_task_state
    moderator = user_factory(username="mod", roles=["Moderators"])
    client.force_login(moderator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "wagtailadmin_pages:workflow_action", args=[venue_a.pk, "approve", task_state.pk]
            ),
            {"comment": "Lovely pictures."},
        )

    assert response.status_code in (200, 302)
    venue = VenuePage.objects.get(pk=venue_a.pk)
    assert venue.title == "Venue A, renamed" and not venue.has_unpublished_changes
    outcome = [message for message in mail.outbox if message.to == [provider_a.email]]
    assert len(outcome) == 1  # ours, through Celery; Wagtail's own is switched off for providers
    assert "are live" in outcome[0].subject and "Lovely pictures." in outcome[0].body


def test_moderator_rejects_with_a_comment_and_nothing_goes_live(
    client, venues_and_providers, user_factory, django_capture_on_commit_callbacks
):
    venue_a, _, provider_a, _ = venues_and_providers
    client.force_login(provider_a)
    client.post(
        edit_url(venue_a), venue_edit_data(venue_a, title="Cheapest spa", **{"action-submit": "1"})
    )
    task_state = WorkflowState.objects.get().current_task_state
    client.force_login(user_factory(username="mod", roles=["Moderators"]))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "wagtailadmin_pages:workflow_action", args=[venue_a.pk, "reject", task_state.pk]
            ),
            {"comment": "Please no superlatives."},
        )

    assert VenuePage.objects.get(pk=venue_a.pk).title == "Venue A"
    outcome = mail.outbox[-1]
    assert outcome.to == [provider_a.email]
    assert "need another look" in outcome.subject and "Please no superlatives." in outcome.body


def test_providers_do_not_see_applications_or_the_shop_staff_partner_field(
    client, venues_and_providers
):
    venue_a, _, provider_a, _ = venues_and_providers
    client.force_login(provider_a)

    assert client.get(reverse("venue_applications:index")).status_code in (302, 403)
    assert 'name="partner"' not in client.get(edit_url(venue_a)).content.decode()


def test_admin_venue_listing_filters_by_category_city_and_status(
    client, make_venue, user_factory, category
):
    make_venue(title="Brighton Spa", city="Brighton")
    make_venue(title="Leeds Spa", city="Leeds", category=None)
    make_venue(title="Draft Spa", city="Leeds", publish=False)
    client.force_login(user_factory(username="mod", roles=["Moderators"]))
    url = reverse("venue_pages:index")

    def titles(**params):
        html = client.get(url, params).content.decode()
        return {name for name in ("Brighton Spa", "Leeds Spa", "Draft Spa") if name in html}

    assert titles() == {"Brighton Spa", "Leeds Spa", "Draft Spa"}
    assert titles(city="Leeds") == {"Leeds Spa", "Draft Spa"}
    assert titles(category=category.pk) == {"Brighton Spa", "Draft Spa"}
    assert titles(status="draft") == {"Draft Spa"}
    assert titles(status="live", city="Leeds") == {"Leeds Spa"}


def messages_after(client, response):
    """The messages the next page shows (what the response stored, not its request's view)."""
    from django.contrib.messages import get_messages

    assert response.status_code == 302
    shown = client.get(reverse("wagtailadmin_home"))
    return [str(message.message) for message in get_messages(shown.wsgi_request)]


def submitted_by_provider(client, venue, provider, title):
    client.force_login(provider)
    client.post(edit_url(venue), venue_edit_data(venue, title=title, **{"action-submit": "1"}))
    client.get(reverse("wagtailadmin_home"))  # the provider reads their own messages


def test_approving_from_the_edit_page_says_approved_and_published(
    client, venues_and_providers, user_factory, django_capture_on_commit_callbacks
):
    venue_a, _, provider_a, _ = venues_and_providers
    submitted_by_provider(client, venue_a, provider_a, "Venue A, renamed")
    client.force_login(user_factory(username="mod", roles=["Moderators"]))
    venue = VenuePage.objects.get(pk=venue_a.pk).get_latest_revision_as_object()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(venue_a),
            venue_edit_data(
                venue,
                **{
                    "action-workflow-action": "1",
                    "workflow-action-name": "approve",
                    "workflow-action-extra-data": '{"comment": "Lovely pictures."}',
                },
            ),
        )

    assert response.status_code == 302
    assert VenuePage.objects.get(pk=venue_a.pk).title == "Venue A, renamed"
    shown = messages_after(client, response)
    assert any("Approved and published" in m and "Lovely pictures." in m for m in shown), shown
    assert not any("has been updated" in m for m in shown), shown


def test_rejecting_from_the_edit_page_says_rejected_with_comment(
    client, venues_and_providers, user_factory, django_capture_on_commit_callbacks
):
    venue_a, _, provider_a, _ = venues_and_providers
    submitted_by_provider(client, venue_a, provider_a, "Cheapest spa")
    client.force_login(user_factory(username="mod", roles=["Moderators"]))
    venue = VenuePage.objects.get(pk=venue_a.pk).get_latest_revision_as_object()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(venue_a),
            venue_edit_data(
                venue,
                **{
                    "action-workflow-action": "1",
                    "workflow-action-name": "reject",
                    "workflow-action-extra-data": '{"comment": "Please no superlatives."}',
                },
            ),
        )

    shown = messages_after(client, response)
    assert any("Rejected with comment" in m and "Please no superlatives." in m for m in shown)
    assert VenuePage.objects.get(pk=venue_a.pk).title == "Venue A"


def test_a_plain_save_keeps_wagtails_message(client, make_venue, user_factory):
    venue = make_venue(title="Venue C")
    client.force_login(user_factory(username="mod", roles=["Moderators"]))
    shown = messages_after(client, client.post(edit_url(venue), venue_edit_data(venue)))
    assert any("has been updated" in m for m in shown)


def test_a_provider_who_submits_stays_on_their_venue(client, venues_and_providers, user_factory):
    venue_a, _, provider_a, _ = venues_and_providers
    client.force_login(provider_a)
    response = client.post(
        edit_url(venue_a), venue_edit_data(venue_a, title="Venue A", **{"action-submit": "1"})
    )
    assert response.status_code == 302 and response.url == edit_url(venue_a)
    assert any("submitted for moderation" in m for m in messages_after(client, response))

    # A moderator (who can see the whole venue list) goes back to it, as in Wagtail.
    client.force_login(user_factory(username="mod", roles=["Moderators"]))
    venue_b = venues_and_providers[1]
    response = client.post(edit_url(venue_b), venue_edit_data(venue_b, **{"action-submit": "1"}))
    assert response.status_code == 302 and response.url != edit_url(venue_b)
