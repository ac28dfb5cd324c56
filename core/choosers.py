"""A filter form for admin choosers over models outside Wagtail's search index (Oscar's)."""

from django import forms
from django.db.models import Q
from wagtail.admin.forms.choosers import BaseFilterForm


class TitleSearchForm(BaseFilterForm):
    """Oscar's models are not in Wagtail's search index: match the title (or code) in SQL."""

    q = forms.CharField(
        label="Search term",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Search"}),
    )
    search_fields = ("title",)

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": query})
            objects = objects.filter(condition)
            self.is_searching = True
            self.search_query = query
        return objects


class NameSearchForm(TitleSearchForm):
    search_fields = ("name",)
