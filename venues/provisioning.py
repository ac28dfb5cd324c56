"""Approving or rejecting a venue application, and everything approval sets up.

Approval creates (or reuses) the applicant's account, puts it in "Venue providers", creates an
Oscar partner with the account among its users, a draft venue page linked to that partner, and a
group of the venue's own ("Venue: <name> #<id>") that may add and change that page only, and
upload and choose images in the venue's own collection. Publishing stays with the Moderators
through the "Venue moderation" workflow.
"""

from allauth.account.models import EmailAddress
from allauth.utils import generate_unique_username
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from oscar.core.loading import get_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission
from wagtail.users.models import UserProfile

from outbox.delivery import enqueue_on_commit

from .models import VenueApplication, VenueIndexPage, VenueManager, VenuePage
from .tasks import locate_venue, send_application_rejected, send_provider_invitation
from .timezones import default_timezone_for

PROVIDERS_GROUP = "Venue providers"
PAGE_PERMISSIONS = ["add_page", "change_page"]
IMAGE_PERMISSIONS = ["add_image", "choose_image", "change_image"]


class ReviewError(Exception):
    """Why an application cannot be approved or rejected; the message is shown to staff."""


def approve_application(application_id, reviewer) -> VenuePage:
    with transaction.atomic():
        application = pending_application(application_id)
        index = VenueIndexPage.objects.first()
        if index is None:
            raise ReviewError("There is no venue index page to add the venue under yet.")
        user = provider_account(application)
        venue = create_draft_venue(application, index, user, reviewer)
        try:
            with transaction.atomic():
                VenueManager.objects.create(user=user, venue=venue)
        except IntegrityError:  # another approval for this person won the race
            raise ReviewError(one_venue_message(user)) from None
        grant_venue_permissions(venue, user)
        application.status = VenueApplication.Status.APPROVED
        application.venue = venue
        mark_reviewed(application, reviewer)
        enqueue_on_commit(send_provider_invitation, user.pk, venue.pk)
        enqueue_on_commit(locate_venue, venue.pk)
    return venue


def reject_application(application_id, reviewer, note=""):
    with transaction.atomic():
        application = pending_application(application_id)
        application.status = VenueApplication.Status.REJECTED
        application.review_note = note
        mark_reviewed(application, reviewer)
        enqueue_on_commit(send_application_rejected, application.pk)
    return application


def pending_application(application_id):
    # The row lock makes a second, simultaneous review wait and then see the first one's result.
    application = VenueApplication.objects.select_for_update().get(pk=application_id)
    if not application.is_pending:
        raise ReviewError(f"This application was already {application.get_status_display()}.")
    return application


def mark_reviewed(application, reviewer):
    application.reviewed_by = reviewer
    application.reviewed_at = timezone.now()
    application.save()


def one_venue_message(user):
    managed = VenueManager.objects.filter(user=user).select_related("venue").first()
    venue = f" ({managed.venue.title})" if managed else ""
    return f"{user.email} already manages a venue{venue}; a provider can manage only one."


def provider_account(application):
    User = get_user_model()
    email = application.email.strip().lower()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None and (user.is_staff or user.is_superuser):
        raise ReviewError(f"{user.email} is a staff account and cannot become a venue provider.")
    if user is not None and VenueManager.objects.filter(user=user).exists():
        raise ReviewError(one_venue_message(user))
    if user is None:
        first_name, _, last_name = application.contact_name.partition(" ")
        user = User(
            username=generate_unique_username([email.split("@")[0], "provider"]),
            email=email,
            first_name=first_name[:150],
            last_name=last_name[:150],
        )
        user.set_unusable_password()  # chosen through the invitation link
        user.save()
    # Only the emailed link can set the password, so the address is proven when it is used.
    EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=email,
        defaults={"email": email, "verified": True, "primary": True},
    )
    user.groups.add(Group.objects.get(name=PROVIDERS_GROUP))
    return user


def create_draft_venue(application, index, user, reviewer):
    Partner = get_model("partner", "Partner")
    partner = Partner.objects.create(name=application.business_name)
    partner.users.add(user)
    venue = VenuePage(
        title=application.business_name,
        slug=unique_slug(index, application.business_name),
        summary=application.description[:300],
        category=application.category,
        street_address=application.street_address,
        city=application.city,
        postcode=application.postcode,
        website=application.website,
        phone=application.phone,
        # The application's address is the applicant's own (their sign-in); the public contact
        # address is the provider's to choose on the page, never published for them.
        email="",
        timezone=default_timezone_for(
            VenuePage._meta.get_field("country").default, application.city
        ),
        partner=partner,
        owner=user,
        live=False,
    )
    index.add_child(instance=venue)
    venue.save_revision(user=reviewer, log_action=True)
    return venue


def unique_slug(index, name):
    base = slugify(name)[:60] or "venue"
    taken = set(index.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def grant_venue_permissions(venue, user):
    """A group of the venue's own (its page, a collection for its pictures) for `user`."""
    group, _ = Group.objects.get_or_create(name=f"Venue: {venue.title[:100]} #{venue.pk}")
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=venue,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    collection = Collection.objects.filter(name=group.name).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=group.name)
    for codename in IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label="wagtailimages", codename=codename
            ),
        )
    user.groups.add(group)
    # Our Celery emails tell providers about moderation outcomes; Wagtail's would duplicate them.
    profile = UserProfile.get_for_user(user)
    profile.approved_notifications = profile.rejected_notifications = False
    profile.save()
    return group
