""" "List your venue": the public form, staff review, and what approval sets up."""

import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, connection
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import GroupPagePermission

from venues.models import VenueApplication, VenueManager, VenuePage
from venues.provisioning import ReviewError, approve_application, reject_application

pytestmark = pytest.mark.django_db
Partner = get_model("partner", "Partner")
User = get_user_model()


def application_data(**overrides):
    return {
        "business_name": "Kiln Beauty Bar",
        "description": "Nails, brows and facials.",
        "street_address": "3 Mill Street",
        "city": "Manchester",
        "postcode": "M1 2AB",
        "website": "https://kiln.example.com",
        "contact_name": "Mei Chen",
        "email": "Mei@Example.com",
        "phone": "0161 000000",
        "nickname": "",
        **overrides,
    }


@pytest.fixture
def apply_url(venue_index):
    return venue_index.url + "apply/"


@pytest.fixture
def application(category, venue_index):
    return VenueApplication.objects.create(
        category=category, **{k: v for k, v in application_data().items() if k != "nickname"}
    )


@pytest.fixture
def moderator(user_factory):
    return user_factory(username="mod", roles=["Moderators"])


def test_applying_stores_the_application_and_emails_the_applicant(
    client, apply_url, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url, application_data(category=category.pk))

    assert response.status_code == 302 and response.url.endswith("/venues/apply/thanks/")
    application = VenueApplication.objects.get()
    assert (application.email, application.status) == ("mei@example.com", "pending")
    assert [message.to for message in mail.outbox] == [["mei@example.com"]]
    assert "Kiln Beauty Bar" in mail.outbox[0].subject
    assert client.get(response.url).status_code == 200


def test_the_form_shows_field_errors(client, apply_url):
    response = client.post(apply_url, application_data(email="not-an-email", business_name=""))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in html and "This field is required." in html
    assert not VenueApplication.objects.exists()


def test_the_spam_trap_refuses_bots(client, apply_url, category):
    response = client.post(apply_url, application_data(category=category.pk, nickname="buy"))

    assert response.status_code == 200 and not VenueApplication.objects.exists()


def test_one_pending_application_per_address(client, apply_url, application, category):
    response = client.post(apply_url, application_data(category=category.pk))

    assert "We already have an application from this address" in response.content.decode()
    with pytest.raises(IntegrityError):  # and the database says so too
        VenueApplication.objects.create(business_name="Again", email="MEI@example.com")


def test_approval_sets_up_account_partner_draft_venue_and_permissions(
    application, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        venue = approve_application(application.pk, moderator)

    user = User.objects.get(email="mei@example.com")
    assert not user.has_usable_password() and not user.is_staff
    assert set(user.groups.values_list("name", flat=True)) == {
        "Venue providers",
        f"Venue: Kiln Beauty Bar #{venue.pk}",
    }
    assert venue.live is False and venue.owner == user and venue.city == "Manchester"
    assert venue.email == ""  # the applicant's own sign-in address is never published for them
    assert list(venue.partner.users.all()) == [user]
    assert VenueManager.objects.get(user=user).venue_id == venue.pk
    granted = GroupPagePermission.objects.filter(group__user=user)
    assert {(p.page_id, p.permission.codename) for p in granted} == {
        (venue.pk, "add_page"),
        (venue.pk, "change_page"),
    }
    application.refresh_from_db()
    assert (application.status, application.venue_id) == ("approved", venue.pk)
    invitation = mail.outbox[-1]
    assert invitation.to == ["mei@example.com"]
    assert "/accounts/password/reset/key/" in invitation.body
    assert f"/admin/pages/{venue.pk}/edit/" in invitation.body


def test_invitation_link_lets_the_provider_choose_a_password(
    client, application, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve_application(application.pk, moderator)
    link = next(line.strip() for line in mail.outbox[-1].body.splitlines() if "/key/" in line)

    response = client.get(link.replace("http://testserver", ""), follow=True)

    assert response.status_code == 200
    assert b"password1" in response.content

    # Choosing the password signs the provider in and takes them on into the admin, not to a
    # dead-end "password changed".
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    done = client.post(
        form_url.replace("http://testserver", ""),
        {"password1": "kiln-bar-2026!", "password2": "kiln-bar-2026!"},
        follow=True,
    )
    user = User.objects.get(email="mei@example.com")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert done.redirect_chain[0][0] == reverse("wagtailadmin_home"), done.redirect_chain


def test_a_provider_can_never_own_a_second_venue(application, moderator, category, client):
    approve_application(application.pk, moderator)
    second = VenueApplication.objects.create(
        business_name="Second Place", email="mei@example.com", category=category,
        description="x", street_address="x", city="Leeds", postcode="LS1", contact_name="Mei",
        phone="1",
    )  # fmt: skip

    with pytest.raises(ReviewError, match="already manages a venue \\(Kiln Beauty Bar\\)"):
        approve_application(second.pk, moderator)

    assert VenuePage.objects.count() == 1 and Partner.objects.count() == 1
    second.refresh_from_db()
    assert second.status == "pending"
    with pytest.raises(IntegrityError):
        VenueManager.objects.create(user=User.objects.get(email="mei@example.com"),
                                    venue=VenuePage.objects.get())  # fmt: skip


def test_the_public_form_refuses_an_address_that_already_manages_a_venue(
    client, apply_url, application, moderator, category
):
    approve_application(application.pk, moderator)

    response = client.post(apply_url, application_data(category=category.pk))

    assert "already manages a venue" in response.content.decode()


def test_rejection_emails_the_note_and_cannot_be_reviewed_again(
    application, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reject_application(application.pk, moderator, "We only list venues in the UK.")

    assert "We only list venues in the UK." in mail.outbox[-1].body
    with pytest.raises(ReviewError, match="already Rejected"):
        approve_application(application.pk, moderator)
    assert not VenuePage.objects.exists()


def test_staff_accounts_cannot_become_providers(application, moderator, user_factory):
    user_factory(username="staffer", email="mei@example.com", is_staff=True)

    with pytest.raises(ReviewError, match="staff account"):
        approve_application(application.pk, moderator)


def test_review_in_the_admin(client, application, moderator):
    client.force_login(moderator)
    review_url = reverse("venue_applications:review", args=[application.pk])

    listing = client.get(reverse("venue_applications:index"))
    assert listing.status_code == 200 and review_url in listing.content.decode()
    assert client.post(review_url, {"decision": "bogus"}).status_code == 200  # form error

    response = client.post(review_url, {"decision": "approve", "note": ""})

    venue = VenuePage.objects.get()
    assert response.status_code == 302 and response.url == f"/admin/pages/{venue.pk}/edit/"
    again = client.post(review_url, {"decision": "approve"})
    assert "already Approved" not in again.content.decode()  # no form on reviewed ones
    assert VenuePage.objects.count() == 1


def test_only_reviewers_reach_the_review(client, application, user_factory):
    client.force_login(user_factory(username="ed", roles=["Editors"]))

    response = client.get(reverse("venue_applications:review", args=[application.pk]))

    assert response.status_code in (302, 403)
    assert client.get(reverse("venue_applications:index")).status_code in (302, 403)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_simultaneous_approvals_create_one_venue(category, venue_index, user_factory):
    moderator = user_factory(username="mod", roles=["Moderators"])
    application = VenueApplication.objects.create(
        category=category, **{k: v for k, v in application_data().items() if k != "nickname"}
    )
    outcomes, barrier = [], threading.Barrier(2)

    def approve():
        barrier.wait()
        try:
            outcomes.append(approve_application(application.pk, moderator).pk)
        except ReviewError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert VenuePage.objects.count() == 1
    assert sorted(map(type, outcomes), key=str) == [int, str]


def test_reviewers_are_emailed_the_review_link_for_each_new_application(
    client, apply_url, category, moderator, user_factory, django_capture_on_commit_callbacks
):
    user_factory(username="ed", roles=["Editors"])  # may not review: not told
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url, application_data(category=category.pk))

    application = VenueApplication.objects.get()
    to_staff = [message for message in mail.outbox if message.to == [moderator.email]]
    assert len(to_staff) == 1 and len(mail.outbox) == 2  # the applicant's and the reviewer's
    assert "Kiln Beauty Bar" in to_staff[0].subject and "Manchester" in to_staff[0].subject
    review_path = reverse("venue_applications:review", args=[application.pk])
    assert review_path in to_staff[0].body


def test_the_admin_dashboard_shows_waiting_applications_to_reviewers_only(
    client, application, moderator, user_factory
):
    review_url = reverse("venue_applications:review", args=[application.pk])
    client.force_login(moderator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Venue applications waiting for review (1)" in dashboard and review_url in dashboard

    application.status = VenueApplication.Status.REJECTED
    application.save()
    assert "waiting for review" not in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(user_factory(username="ed", roles=["Editors"]))
    assert "waiting for review" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_listing_name_opens_the_review(client, application, moderator):
    client.force_login(moderator)
    html = client.get(reverse("venue_applications:index")).content.decode()
    review_url = reverse("venue_applications:review", args=[application.pk])
    edit_url = reverse("venue_applications:edit", args=[application.pk])
    assert re.search(rf'<a href="{re.escape(review_url)}"[^>]*>\s*Kiln Beauty Bar', html)
    assert f'href="{edit_url}"' not in html.split("<tbody")[1].split("dropdown")[0]
