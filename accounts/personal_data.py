"""What we hold about a person: exported on request, erased when they leave.

Each app registers what it holds: `register_exporter(name, fn)` adds `<name>.json` to every
export (fn(user) returns JSON-serialisable data) and `register_eraser(fn)` runs fn(user) inside
the deletion transaction, before the user row goes.
"""

import io
import json
import uuid
import zipfile
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from oscar.core.loading import get_model

from accounts import consent
from accounts.models import ConsentRecord, PersonalDataExport, Profile

_exporters = {}
_erasers = []


def register_exporter(name, exporter):
    _exporters[name] = exporter


def register_eraser(eraser):
    if eraser not in _erasers:
        _erasers.append(eraser)


def exporters():
    return dict(_exporters)


def private_storage():
    return storages["private"]


# Exporters we own -------------------------------------------------------------------------


def address_fields(address):
    if address is None:
        return None
    return {
        "name": address.name,
        "lines": address.active_address_fields(),
        "postcode": address.postcode,
        "country": address.country.printable_name if address.country_id else "",
        "phone_number": str(getattr(address, "phone_number", "") or ""),
        "notes": getattr(address, "notes", ""),
    }


def export_profile(user):
    profile = Profile.for_user(user)
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "avatar": profile.avatar.name or None,
    }


def export_addresses(user):
    addresses = get_model("address", "UserAddress").objects.filter(user=user)
    return [address_fields(a) for a in addresses.select_related("country")]


def export_orders(user):
    orders = (
        get_model("order", "Order")
        .objects.filter(user=user)
        .select_related("shipping_address__country", "billing_address__country")
        .prefetch_related("lines")
        .order_by("date_placed")
    )
    return [
        {
            "number": order.number,
            "placed": order.date_placed,
            "status": order.status,
            "currency": order.currency,
            "total_incl_tax": order.total_incl_tax,
            "shipping_incl_tax": order.shipping_incl_tax,
            "shipping_address": address_fields(order.shipping_address),
            "billing_address": address_fields(order.billing_address),
            "lines": [
                {
                    "title": line.title,
                    "quantity": line.quantity,
                    "price_incl_tax": line.line_price_incl_tax,
                }
                for line in order.lines.all()
            ],
        }
        for order in orders
    ]


def export_subscriptions(user):
    ProductAlert = get_model("customer", "ProductAlert")
    alerts = ProductAlert.objects.filter(Q(user=user) | Q(email__iexact=user.email))
    return {
        "newsletter": consent.has_consent(user, consent.NEWSLETTER),
        "product_alerts": [
            {
                "product": alert.product.get_title(),
                "status": alert.status,
                "created": alert.date_created,
            }
            for alert in alerts.select_related("product")
        ],
    }


def export_wishlists(user):
    wishlists = get_model("wishlists", "WishList").objects.filter(owner=user)
    return [
        {"name": wishlist.name, "products": [line.get_title() for line in wishlist.lines.all()]}
        for wishlist in wishlists.prefetch_related("lines__product")
    ]


def export_consent_log(user):
    return list(
        ConsentRecord.objects.for_user(user)
        .order_by("created_at", "pk")
        .values("purpose", "text_version", "action", "source", "ip_address", "created_at")
    )


def export_reviews(user):
    reviews = get_model("reviews", "ProductReview").objects.filter(user=user)
    return [
        {
            "product": r.product.get_title() if r.product else "",
            "title": r.title,
            "body": r.body,
            "score": r.score,
        }
        for r in reviews.select_related("product")
    ]


# Erasers we own ---------------------------------------------------------------------------

ADDRESS_FIELDS_TO_BLANK = [
    "title",
    "first_name",
    "last_name",
    "line1",
    "line2",
    "line3",
    "line4",
    "state",
    "postcode",
    "search_text",
]


def scrub_orders(user):
    """Orders stay for the accounts, without who bought them or where they went."""
    Order = get_model("order", "Order")
    orders = Order.objects.filter(Q(user=user) | Q(user=None, guest_email__iexact=user.email))
    order_ids = list(orders.values_list("pk", flat=True))
    shipping_ids = orders.exclude(shipping_address=None).values_list(
        "shipping_address_id", flat=True
    )
    billing_ids = orders.exclude(billing_address=None).values_list("billing_address_id", flat=True)
    blank = dict.fromkeys(ADDRESS_FIELDS_TO_BLANK, "")
    get_model("order", "ShippingAddress").objects.filter(pk__in=list(shipping_ids)).update(
        **blank, phone_number="", notes=""
    )
    get_model("order", "BillingAddress").objects.filter(pk__in=list(billing_ids)).update(**blank)
    get_model("order", "OrderNote").objects.filter(order_id__in=order_ids).update(
        message="(removed)"
    )
    Order.objects.filter(pk__in=order_ids).update(user=None, guest_email="")
    scrub_payment_snapshots(user, order_ids)


def scrub_payment_snapshots(user, order_ids):
    """Finished payments keep amounts and order numbers, not the checkout's email or address.

    Payments still in flight keep theirs: the webhook needs it to place the paid order.
    """
    Intent = get_model("payment", "StripePaymentIntent")
    in_flight = [Intent.Status.PENDING, Intent.Status.PROCESSING]
    intents = list(
        Intent.objects.filter(Q(order_id__in=order_ids) | Q(checkout__user_id=user.pk)).exclude(
            status__in=in_flight
        )
    )
    for intent in intents:
        intent.checkout = {
            **intent.checkout,
            "user_id": None,
            "email": "",
            "guest_email": "",
            "shipping_address": None,
        }
    Intent.objects.bulk_update(intents, ["checkout"])


def remove_baskets_and_wishlists(user):
    get_model("basket", "Basket").objects.filter(owner=user).delete()
    get_model("wishlists", "WishList").objects.filter(owner=user).delete()
    get_model("customer", "ProductAlert").objects.filter(
        Q(user=user) | Q(email__iexact=user.email)
    ).delete()
    get_model("communication", "Email").objects.filter(
        Q(user=user) | Q(email__iexact=user.email)
    ).delete()


def remove_avatar(user):
    profile = Profile.objects.filter(user=user).first()
    if profile and profile.avatar:
        name, storage = profile.avatar.name, profile.avatar.storage
        transaction.on_commit(lambda: storage.delete(name))


def anonymise_reviews(user):
    """Ratings still count towards a product's score; who wrote them is gone."""
    get_model("reviews", "Vote").objects.filter(user=user).delete()
    get_model("reviews", "ProductReview").objects.filter(user=user).update(
        user=None, name="A former customer", email="", homepage=""
    )


def forget_consents(user):
    # The suppression entry now answers "may we email them?"; the log would only keep identity.
    ConsentRecord.objects.for_user(user).delete()


register_exporter("profile", export_profile)
register_exporter("addresses", export_addresses)
register_exporter("orders", export_orders)
register_exporter("subscriptions", export_subscriptions)
register_exporter("reviews", export_reviews)
register_exporter("wishlists", export_wishlists)
register_exporter("consent_log", export_consent_log)
register_eraser(scrub_orders)
register_eraser(remove_baskets_and_wishlists)
register_eraser(anonymise_reviews)
register_eraser(forget_consents)
register_eraser(remove_avatar)


# Export and erasure -------------------------------------------------------------------------


def build_zip(user):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, exporter in exporters().items():
            data = json.dumps(exporter(user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
            archive.writestr(f"{name}.json", data)
    return buffer.getvalue()


def build_export(export_id):
    from accounts.emails import send_export_ready_email

    export = PersonalDataExport.objects.select_related("user").get(pk=export_id)
    if export.status == PersonalDataExport.Status.READY:
        return export  # a retried task must not build (and email) twice
    try:
        content = ContentFile(build_zip(export.user))
    except Exception:
        # A broken exporter is a bug, not a passing fault: show it as failed and stop.
        export.status = PersonalDataExport.Status.FAILED
        export.save(update_fields=["status"])
        raise
    name = private_storage().save(f"exports/{export.user_id}/{uuid.uuid4().hex}.zip", content)
    export.file_name = name
    export.status = PersonalDataExport.Status.READY
    export.ready_at = timezone.now()
    export.save(update_fields=["file_name", "status", "ready_at"])
    send_export_ready_email(export)
    return export


def purge_expired_exports(now=None):
    """Delete export files whose link can no longer work; returns how many went."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.ACCOUNTS_EXPORT_LINK_MAX_AGE)
    expired = PersonalDataExport.objects.filter(
        status=PersonalDataExport.Status.READY, ready_at__lt=cutoff
    )
    storage = private_storage()
    count = 0
    for export in expired:
        storage.delete(export.file_name)
        export.status = PersonalDataExport.Status.EXPIRED
        export.file_name = ""
        export.save(update_fields=["status", "file_name"])
        count += 1
    return count


def erase_account(user):
    """Delete the account and everything personal; orders stay, scrubbed. All or nothing."""
    with transaction.atomic():
        addresses = {
            user.email,
            *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
        }
        for eraser in list(_erasers):
            eraser(user)
        for address in filter(None, addresses):
            consent.suppress_email(address, "account deleted")
        exports = list(PersonalDataExport.objects.filter(user=user).exclude(file_name=""))
        user.delete()
        storage = private_storage()
        transaction.on_commit(lambda: [storage.delete(e.file_name) for e in exports])
