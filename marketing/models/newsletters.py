"""Newsletters, their audience and one delivery row per recipient."""

from datetime import timedelta

from django import forms
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from oscar.core.loading import get_model
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import PreviewableMixin

from marketing.blocks import NewsletterStreamBlock

from .subscribers import MailingList, Subscriber


class Newsletter(PreviewableMixin, ClusterableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        TESTING = "testing", "A/B test running"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    class WinnerMetric(models.TextChoices):
        OPENS = "opens", "Unique opens"
        CLICKS = "clicks", "Unique clicks"

    title = models.CharField(max_length=200, help_text="For staff; readers see the subject.")
    subject = models.CharField(max_length=200)
    preheader = models.CharField(
        max_length=200, blank=True, help_text="The line inboxes show after the subject."
    )
    body = StreamField(NewsletterStreamBlock, use_json_field=True)

    # Audience: any of the lists, narrowed by every segment that is set.
    lists = ParentalManyToManyField(MailingList, related_name="newsletters")
    bought_from_category = models.ForeignKey(
        "catalogue.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Only people who ordered a product from this category (or below it).",
    )
    booked_at_venue = models.ForeignKey(
        "venues.VenuePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Only people who booked a service at this venue (and did not cancel).",
    )
    inactive_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Only people with no order, open or click in this many days.",
    )

    tracking_enabled = models.BooleanField(
        default=True, help_text="Count opens (a pixel) and clicks (links through our site)."
    )
    scheduled_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to send when you press Send."
    )

    # A/B subject test: variant B goes to half of the sample; the winner goes to the rest.
    subject_b = models.CharField("Subject B", max_length=200, blank=True)
    ab_sample_percent = models.PositiveSmallIntegerField(
        "Sample size (%)", default=20, help_text="Share of the audience that gets the test."
    )
    ab_wait_minutes = models.PositiveIntegerField(
        "Decide after (minutes)", default=240, help_text="When the winner is chosen."
    )
    ab_metric = models.CharField(
        "Winner by", max_length=8, choices=WinnerMetric.choices, default=WinnerMetric.OPENS
    )
    ab_winner = models.CharField(max_length=1, blank=True, editable=False)
    ab_decide_at = models.DateTimeField(null=True, blank=True, editable=False)

    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("subject"),
        FieldPanel("preheader"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("lists", widget=forms.CheckboxSelectMultiple),
                FieldPanel("bought_from_category"),
                FieldPanel("booked_at_venue"),
                FieldPanel("inactive_days"),
                HelpPanel(template="marketing/admin/audience_count_panel.html"),
            ],
            heading="Audience (every choice narrows it further)",
        ),
        MultiFieldPanel(
            [
                FieldPanel("subject_b"),
                FieldRowPanel(
                    [
                        FieldPanel("ab_sample_percent"),
                        FieldPanel("ab_wait_minutes"),
                        FieldPanel("ab_metric"),
                    ]
                ),
            ],
            heading="A/B subject test (fill in Subject B to run one)",
        ),
        FieldPanel("tracking_enabled"),
        FieldPanel("scheduled_at"),
    ]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    # --- Audience ------------------------------------------------------------------------

    def recipients(self, list_ids=None):
        """Subscribers this newsletter goes to: in any chosen list, every segment applied."""
        if list_ids is None:
            list_ids = [mailing_list.pk for mailing_list in self.lists.all()]
        audience = Subscriber.objects.mailable().filter(
            Exists(
                Subscriber.lists.through.objects.filter(
                    subscriber=OuterRef("pk"), mailinglist__in=list_ids
                )
            )
        )
        return segment(
            audience,
            category=self.bought_from_category,
            venue=self.booked_at_venue,
            inactive_days=self.inactive_days,
        )

    @property
    def is_ab_test(self):
        return bool(self.subject_b)

    def subject_for(self, variant):
        return self.subject_b if variant == Delivery.Variant.B else self.subject

    @property
    def can_start(self):
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    # --- Preview -------------------------------------------------------------------------

    preview_modes = [("email", "Email"), ("text", "Plain text")]

    def get_preview_template(self, request, mode_name):
        return "marketing/newsletter_preview.html"

    def get_preview_context(self, request, mode_name):
        from marketing.rendering import render_preview

        return {"newsletter": self, "mode": mode_name, **render_preview(self, mode_name)}

    # --- Progress ------------------------------------------------------------------------

    def delivery_counts(self):
        counts = dict(self.deliveries.values_list("status").annotate(n=Count("pk")).order_by())
        counts["total"] = sum(counts.values())
        return counts


def segment(subscribers, *, category=None, venue=None, inactive_days=None):
    """Narrow subscribers by what they did; each segment is ANDed with the rest."""
    from bookings.models import Booking

    Order = get_model("order", "Order")
    Line = get_model("order", "Line")
    orders_by_subscriber = Order.objects.filter(
        Q(user__email__iexact=OuterRef("email")) | Q(guest_email__iexact=OuterRef("email"))
    )
    if category is not None:
        Category = get_model("catalogue", "Category")
        in_tree = Category.get_tree(category).values("pk")
        lines = Line.objects.filter(
            Q(product__categories__in=in_tree) | Q(product__parent__categories__in=in_tree)
        ).values("order")
        subscribers = subscribers.filter(Exists(orders_by_subscriber.filter(pk__in=lines)))
    if venue is not None:
        # A booking that went ahead (or was missed); holds and cancellations do not count.
        bookings = Booking.objects.filter(venue=venue, status__in=Booking.OCCUPYING).filter(
            Q(email__iexact=OuterRef("email")) | Q(user__email__iexact=OuterRef("email"))
        )
        subscribers = subscribers.filter(Exists(bookings))
    if inactive_days:
        since = timezone.now() - timedelta(days=inactive_days)
        recent_orders = orders_by_subscriber.filter(date_placed__gte=since)
        recent_engagement = Delivery.objects.filter(subscriber=OuterRef("pk")).filter(
            Q(opened_at__gte=since) | Q(clicked_at__gte=since)
        )
        subscribers = subscribers.exclude(Exists(recent_orders)).exclude(Exists(recent_engagement))
    return subscribers


class DeliveryQuerySet(models.QuerySet):
    def stuck_sending(self, older_than):
        return self.filter(status=Delivery.Status.SENDING, updated_at__lt=older_than)


class Delivery(models.Model):
    """One message to one subscriber. The state machine is what makes sending at most once:

    pending → queued (claimed into a batch) → sending (committed before the SMTP call) → sent.
    A row found `sending` after a crash may or may not have gone out, so it becomes `unknown`
    and is never sent again; a `queued` row never reached the SMTP call and is safe to send."""

    class Status(models.TextChoices):
        HELD = "held", "Held for the A/B winner"
        PENDING = "pending", "Pending"
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        UNKNOWN = "unknown", "Unknown (interrupted)"
        SKIPPED = "skipped", "Skipped (unsubscribed or suppressed)"

    class Variant(models.TextChoices):
        A = "a", "A"
        B = "b", "B"

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    variant = models.CharField(max_length=1, choices=Variant.choices, default=Variant.A)
    batch = models.UUIDField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "subscriber"], name="one_delivery_per_recipient"
            )
        ]
        indexes = [models.Index(fields=["newsletter", "status"])]

    def __str__(self):
        return f"{self.newsletter_id} → {self.subscriber_id} ({self.status})"


class Click(models.Model):
    """Every click through a tracked link (a delivery's first click also sets clicked_at)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="clicks")
    url = models.URLField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.url
