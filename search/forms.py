from django import forms
from django.core.exceptions import ValidationError
from oscar.apps.search.forms import *  # noqa: F403 (fork: keep Oscar's forms importable from here)

from .documents import registry
from .query import SearchQuery

MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 50
MAX_PAGE = 500  # deep pages cost the engines most and no person reads them
MAX_RADIUS_KM = 500
DEFAULT_RADIUS_KM = 25
MAX_VALUES = 20


class MultipleValuesField(forms.Field):
    """A repeatable parameter (?tag=a&tag=b): up to MAX_VALUES short strings."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        values = [value] if isinstance(value, str) else list(value)
        values = [" ".join(str(item).split()) for item in values]
        return list(dict.fromkeys(item for item in values if item))

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_VALUES:
            raise ValidationError(f"Choose at most {MAX_VALUES} values.")
        if any(len(item) > 200 for item in value):
            raise ValidationError("Values are at most 200 characters long.")


class SearchParamsForm(forms.Form):
    """The parameters of /search/, /search/api/ and the catalogue, validated."""

    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, label="Search")
    kind = MultipleValuesField(required=False)
    category = MultipleValuesField(required=False)
    tag = MultipleValuesField(required=False)
    city = MultipleValuesField(required=False)
    price_min = forms.DecimalField(
        required=False, min_value=0, max_value=1_000_000, max_digits=9, decimal_places=2
    )
    price_max = forms.DecimalField(
        required=False, min_value=0, max_value=1_000_000, max_digits=9, decimal_places=2
    )
    rating_min = forms.FloatField(required=False, min_value=0, max_value=5)
    open_now = forms.BooleanField(required=False)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180)
    radius_km = forms.FloatField(required=False, min_value=0.1, max_value=MAX_RADIUS_KM)
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("relevance", "Best match"),
            ("newest", "Newest"),
            ("price", "Price: low to high"),
            ("-price", "Price: high to low"),
            ("rating", "Top rated"),
            ("distance", "Nearest"),
        ],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def __init__(self, *args, fixed_kinds=None, default_page_size=20, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_kinds = fixed_kinds
        self.default_page_size = default_page_size

    def clean_kind(self):
        kinds = self.cleaned_data["kind"]
        unknown = [kind for kind in kinds if kind not in registry]
        if unknown:
            raise ValidationError(
                f"Unknown kind {unknown[0]!r}; choose from {', '.join(registry.kinds())}."
            )
        return kinds

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean(self):
        data = super().clean()
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None) and "lat" not in self.errors and "lon" not in self.errors:
            self.add_error("lon" if lon is None else "lat", "Give both lat and lon.")
        has_point = data.get("lat") is not None and data.get("lon") is not None
        if data.get("radius_km") is not None and not has_point:
            self.add_error("radius_km", "A radius needs lat and lon.")
        if data.get("sort") == "distance" and not has_point:
            self.add_error("sort", "Sorting by distance needs lat and lon.")
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low >= high:
            self.add_error("price_max", "price_max must be more than price_min.")
        return data

    def error_summary(self):
        """{parameter: first message} for the JSON answer and the page's notice."""
        return {field: messages[0] for field, messages in self.errors.items()}

    def to_query(self, **overrides):
        """The query from whatever is valid (on the HTML page invalid parameters are dropped)."""
        data = getattr(self, "cleaned_data", {})
        has_point = data.get("lat") is not None and data.get("lon") is not None
        query = SearchQuery(
            text=data.get("q") or "",
            kinds=list(self.fixed_kinds or data.get("kind") or []),
            categories=data.get("category") or [],
            tags=data.get("tag") or [],
            cities=data.get("city") or [],
            price_min=data.get("price_min"),
            price_max=data.get("price_max"),
            rating_min=data.get("rating_min"),
            open_now=bool(data.get("open_now")),
            lat=data.get("lat") if has_point else None,
            lon=data.get("lon") if has_point else None,
            radius_km=(data.get("radius_km") or DEFAULT_RADIUS_KM) if has_point else None,
            sort=data.get("sort") or "relevance",
            page=data.get("page") or 1,
            page_size=data.get("page_size") or self.default_page_size,
        )
        for name, value in overrides.items():
            setattr(query, name, value)
        return query


class ClickForm(forms.Form):
    """A click on a search result, as the search page's beacon reports it."""

    search_id = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    result = forms.RegexField(regex=r"\A[a-z_]{1,20}:\d{1,19}\Z", max_length=80)
    position = forms.IntegerField(min_value=1, max_value=MAX_PAGE * MAX_PAGE_SIZE)


class CatalogueSortForm(forms.Form):
    """How the catalogue is sorted; each choice is one of the engines' sorts."""

    NEWEST, PRICE_LOW, PRICE_HIGH, TOP_RATED = "newest", "price-asc", "price-desc", "rating"
    ENGINE_SORTS = {NEWEST: "newest", PRICE_LOW: "price", PRICE_HIGH: "-price", TOP_RATED: "rating"}

    sort_by = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            (NEWEST, "Newest"),
            (PRICE_LOW, "Price: low to high"),
            (PRICE_HIGH, "Price: high to low"),
            (TOP_RATED, "Top rated"),
        ],
        # site.js submits the form on change (an inline handler would be refused by the CSP).
        widget=forms.Select(attrs={"data-submit-on-change": ""}),
    )

    def engine_sort(self):
        choice = self.cleaned_data.get("sort_by") if self.is_valid() else None
        return self.ENGINE_SORTS[choice or self.NEWEST]
