from django import forms
from oscar.apps.search.forms import *  # noqa: F403 (fork: keep Oscar's forms importable from here)


class CatalogueSortForm(forms.Form):
    """Sorting for browsing the catalogue straight from the database."""

    NEWEST, PRICE_LOW, PRICE_HIGH, TITLE = "newest", "price-asc", "price-desc", "title-asc"
    ORDERINGS = {
        NEWEST: ("-date_created", "-id"),
        PRICE_LOW: ("min_price", "id"),
        PRICE_HIGH: ("-min_price", "id"),
        TITLE: ("title", "id"),
    }

    sort_by = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            (NEWEST, "Newest"),
            (PRICE_LOW, "Price: low to high"),
            (PRICE_HIGH, "Price: high to low"),
            (TITLE, "Name: A to Z"),
        ],
        widget=forms.Select(attrs={"onchange": "this.form.submit()"}),
    )

    def ordering(self):
        choice = self.cleaned_data.get("sort_by") if self.is_valid() else None
        return self.ORDERINGS[choice or self.NEWEST]
