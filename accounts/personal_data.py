"""What we hold about a person: exported on request, erased when they leave.

Each app registers what it holds: `register_exporter(name, fn)` adds `<name>.json` to every
export (fn(user) returns JSON-serialisable data) and `register_eraser(fn)` runs fn(user) inside
the deletion transaction, before the user row goes.
"""

import io
import json
import uuid
import zipfile

from allauth.account.models import EmailAddress
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


def export_pending_bookings(user):
    # Placeholder until the bookings app registers its own "bookings" exporter.
    return []


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


def remove_baskets_and_wishlists(user):
    get_model("basket", "Basket").objects.filter(owner=user).delete()
    get_model("wishlists", "WishList").objects.filter(owner=user).delete()
    get_model("customer", "ProductAlert").objects.filter(
        Q(user=user) | Q(email__iexact=user.email)
    ).delete()
    get_model("communication", "Email").objects.filter(user=user).delete()


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
register_exporter("bookings", export_pending_bookings)
register_exporter("subscriptions", export_subscriptions)
register_exporter("reviews", export_reviews)
register_exporter("consent_log", export_consent_log)
register_eraser(scrub_orders)
register_eraser(remove_baskets_and_wishlists)
register_eraser(anonymise_reviews)
register_eraser(forget_consents)


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
    name = private_storage().save(
        f"exports/{export.user_id}/{uuid.uuid4().hex}.zip", ContentFile(build_zip(export.user))
    )
    export.file_name = name
    export.status = PersonalDataExport.Status.READY
    export.ready_at = timezone.now()
    export.save(update_fields=["file_name", "status", "ready_at"])
    send_export_ready_email(export)
    return export


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
