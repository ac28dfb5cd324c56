"""Per-service booking rules in the Wagtail admin, for staff and for each venue's provider.

Staff with the model permissions see every venue's services; a provider (`VenueManager`) sees,
adds and edits the rules of their own venue's services only: anything else is not found.
"""

from oscar.core.loading import get_model
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from bookings.models import ServiceBookingSettings
from venues.models import VenueManager
from venues.services import VENUE_SERVICE_CLASS

RULE_FIELDS = [
    "product", "duration_minutes", "buffer_minutes", "capacity", "lead_time_minutes",
    "booking_window_days", "free_cancellation_hours",
]  # fmt: skip


def services_for(user):
    """The venue services whose booking rules this person may keep."""
    services = get_model("catalogue", "Product").objects.filter(
        product_class__slug=VENUE_SERVICE_CLASS
    )
    manager = VenueManager.objects.filter(user=user).select_related("venue").first()
    if manager is None:
        return services
    return services.filter(stockrecords__partner_id=manager.venue.partner_id).distinct()


def rules_for(user):
    return ServiceBookingSettings.objects.filter(product__in=services_for(user))


class ScopedRules:
    def get_queryset(self):
        return rules_for(self.request.user).select_related("product")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["product"].queryset = services_for(self.request.user).order_by("title")
        return form


class IndexView(generic.IndexView):
    def get_base_queryset(self):
        return rules_for(self.request.user).select_related("product")


class CreateView(ScopedRules, generic.CreateView):
    pass


class EditView(ScopedRules, generic.EditView):
    pass


class DeleteView(generic.DeleteView):
    def get_queryset(self):
        return rules_for(self.request.user)


class ServiceBookingRulesViewSet(ModelViewSet):
    """Per-service overrides of the venue's booking rules (blank: the venue's default)."""

    model = ServiceBookingSettings
    name = "service_booking_rules"
    icon = "time"
    menu_label = "Service booking rules"
    # Listed in the "Venues" admin menu, after its venues and applications.
    menu_hook = "register_venues_menu_item"
    menu_order = 3
    form_fields = RULE_FIELDS
    list_display = ["product", "duration_minutes", "buffer_minutes", "capacity"]
    search_fields = ["product__title"]
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
