"""What someone bought as a guest joins their account once they prove they own the address.

When an address becomes verified (allauth's `email_confirmed`, or a sign-up that arrives with
it verified, as a social login can), Oscar orders placed as a guest with that address
(`guest_email`, no user) are given to the account, and every app that keeps records of such
orders attaches its own through `register_attacher(fn)`: fn(user, email) runs in the same
transaction, after the orders. Everything is conditional on still being unattached, so running
it twice attaches nothing more. An unverified address attaches nothing.
"""

from allauth.account.models import EmailAddress
from django.db import transaction
from oscar.core.loading import get_model

_attachers = []


def register_attacher(attacher):
    if attacher not in _attachers:
        _attachers.append(attacher)


def attach_guest_records(user, email) -> int:
    """Give `user` the guest orders placed with `email`; returns how many orders joined."""
    if (
        not email
        or not EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
    ):
        return 0
    Order = get_model("order", "Order")
    with transaction.atomic():
        orders = Order.objects.filter(user=None, guest_email__iexact=email)
        attached = orders.update(user=user)
        for attacher in _attachers:
            attacher(user, email)
    return attached


def attach_for_verified_addresses(user) -> int:
    """A new account whose addresses arrived verified (a social sign-up, say)."""
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return sum(attach_guest_records(user, email) for email in addresses)
