"""Admin panels for venue pages: inline panels with clear limits, validated hours, a map picker."""

from django import forms
from django.conf import settings
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel, Panel

from .hours import WEEKDAYS, TimeRange, find_overlaps


class LimitedChildFormSet(BaseChildFormSet):
    """Says what the limit is about, instead of Django's "Please submit at most 5 forms"."""

    default_error_messages = {
        "too_many_forms": "You can add at most %(num)d here: remove one before adding another.",
    }


class OpeningHoursFormSet(LimitedChildFormSet):
    def clean(self):
        super().clean()
        rows = [
            (form, form.cleaned_data)
            for form in self.forms
            if form.cleaned_data.get("opens")
            and form.cleaned_data.get("closes")
            and not self._should_delete_form(form)
            and form.cleaned_data.get("weekday") is not None
        ]
        ranges = [(data["weekday"], TimeRange(data["opens"], data["closes"])) for _, data in rows]
        for index in find_overlaps(ranges):
            form, data = rows[index]
            form.add_error(
                "opens",
                f"This overlaps another {WEEKDAYS[data['weekday']]} range (or one running past "
                "midnight from the day before).",
            )


class HoursExceptionFormSet(LimitedChildFormSet):
    def validate_unique(self):
        # clean() reports duplicate dates on the date field itself, in words; the database
        # constraint still guards against anything that slips past.
        pass

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            day = form.cleaned_data.get("date")
            if day is None or self._should_delete_form(form):
                continue
            if day in seen:
                form.add_error("date", f"There is already an exception for {day:%d %b %Y}.")
            seen.add(day)


FORMSET_CLASSES = {"opening_hours": OpeningHoursFormSet, "hours_exceptions": HoursExceptionFormSet}


class LimitedInlinePanel(InlinePanel):
    """An ordered inline panel whose formset explains its limit in words."""

    formset_class = LimitedChildFormSet

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = self.formset_class
        return options


class ValidatedHoursPanel(LimitedInlinePanel):
    """Opening ranges or exceptions, checked together (overlaps, duplicate dates)."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = FORMSET_CLASSES[self.relation_name]
        return options


class MapPickerPanel(Panel):
    """A Leaflet map that sets the latitude and longitude fields; typing in them moves the pin."""

    def __init__(self, latitude_field="latitude", longitude_field="longitude", **kwargs):
        kwargs.setdefault("heading", "Map")
        super().__init__(**kwargs)
        self.latitude_field = latitude_field
        self.longitude_field = longitude_field

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.update(latitude_field=self.latitude_field, longitude_field=self.longitude_field)
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "venues/admin/map_picker_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(
                latitude_id=self.form[self.panel.latitude_field].id_for_label,
                longitude_id=self.form[self.panel.longitude_field].id_for_label,
                tile_url=settings.MAP_TILE_URL,
                tile_attribution=settings.MAP_TILE_ATTRIBUTION,
            )
            return context

        @property
        def media(self):
            return forms.Media(
                css={"all": ["venues/vendor/leaflet/leaflet.css", "venues/css/admin-map.css"]},
                js=["venues/vendor/leaflet/leaflet.js", "venues/js/map-picker.js"],
            )
