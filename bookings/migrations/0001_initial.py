"""Booking and ServiceBookingSettings, moved here from the venues app.

The tables stay where venues created them (`venues_booking`, `venues_servicebookingsettings`):
only Django's state moves, so no row is copied or lost. Their content types are relabelled
(venues → bookings) so permissions granted on them, and admin log entries, follow the models.
Reversible: `migrate bookings zero` gives the models back to venues, tables untouched.
"""

import uuid

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ("booking", "servicebookingsettings")


def relabel_content_types(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        old = ContentType.objects.filter(app_label=from_label, model=model).first()
        if old is None:
            continue
        # A content type made meanwhile under the new label holds nothing yet: the old one,
        # with its permissions and log entries, takes its place.
        ContentType.objects.filter(app_label=to_label, model=model).delete()
        old.app_label = to_label
        old.save(update_fields=["app_label"])


def to_bookings(apps, schema_editor):
    relabel_content_types(apps, "venues", "bookings")


def back_to_venues(apps, schema_editor):
    relabel_content_types(apps, "bookings", "venues")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("basket", "0013_submitted_basket_is_final"),
        ("catalogue", "0032_category_exclude_from_menu_category_long_description"),
        ("order", "0023_order_email_types"),
        ("venues", "0004_bookings"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables exist already (venues 0004): nothing to do in the database.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ServiceBookingSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "duration_minutes",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(5),
                                    django.core.validators.MaxValueValidator(1440),
                                ],
                            ),
                        ),
                        (
                            "buffer_minutes",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                validators=[django.core.validators.MaxValueValidator(240)],
                            ),
                        ),
                        (
                            "capacity",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(100),
                                ],
                            ),
                        ),
                        ("lead_time_minutes", models.PositiveIntegerField(blank=True, null=True)),
                        (
                            "booking_window_days",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(365),
                                ],
                            ),
                        ),
                        (
                            "free_cancellation_hours",
                            models.PositiveIntegerField(blank=True, null=True),
                        ),
                        (
                            "product",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="booking_settings",
                                to="catalogue.product",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "service booking settings",
                        "verbose_name_plural": "service booking settings",
                        "db_table": "venues_servicebookingsettings",
                    },
                ),
                migrations.CreateModel(
                    name="Booking",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "reference",
                            models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
                        ),
                        ("service_title", models.CharField(blank=True, max_length=255)),
                        (
                            "email",
                            models.EmailField(
                                blank=True,
                                help_text="Where confirmations go (guests too).",
                                max_length=254,
                            ),
                        ),
                        ("start", models.DateTimeField(db_index=True)),
                        ("end", models.DateTimeField()),
                        ("busy_until", models.DateTimeField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("held", "Held in a basket"),
                                    ("confirmed", "Confirmed"),
                                    ("cancelled", "Cancelled"),
                                    ("completed", "Completed"),
                                    ("no_show", "No-show"),
                                ],
                                default="held",
                                max_length=12,
                            ),
                        ),
                        ("hold_expires_at", models.DateTimeField(blank=True, null=True)),
                        ("sequence", models.PositiveIntegerField(default=0)),
                        ("reminder_sent_at", models.DateTimeField(blank=True, null=True)),
                        ("cancelled_at", models.DateTimeField(blank=True, null=True)),
                        ("cancellation_reason", models.CharField(blank=True, max_length=200)),
                        (
                            "refunded_amount",
                            models.DecimalField(decimal_places=2, default=0, max_digits=12),
                        ),
                        ("created", models.DateTimeField(default=django.utils.timezone.now)),
                        ("updated", models.DateTimeField(auto_now=True)),
                        (
                            "basket_line",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="booking",
                                to="basket.line",
                            ),
                        ),
                        (
                            "order_line",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="booking",
                                to="order.line",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="bookings",
                                to="catalogue.product",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="bookings",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "venue",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="bookings",
                                to="venues.venuepage",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "venues_booking",
                        "ordering": ["start"],
                        "indexes": [
                            models.Index(
                                fields=["service", "start"], name="venues_book_service_dd1f4b_idx"
                            ),
                            models.Index(
                                fields=["status", "hold_expires_at"],
                                name="venues_book_status_ea9011_idx",
                            ),
                            models.Index(
                                fields=["venue", "start"], name="venues_book_venue_i_8446f9_idx"
                            ),
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("end__gt", models.F("start"))),
                                name="booking_ends_after_start",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("busy_until__gte", models.F("end"))),
                                name="booking_busy_covers_service",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "held"), _negated=True),
                                    ("hold_expires_at__isnull", False),
                                    _connector="OR",
                                ),
                                name="booking_hold_has_expiry",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(to_bookings, back_to_venues),
    ]
