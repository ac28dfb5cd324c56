"""/api/v1/catalogue/: categories and products, priced by the one price policy."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from oscar.core.loading import get_model

from shop import lines
from shop.catalogue.models import for_cards
from shop.pricing import default_strategy, lowest_price, shown_price

from .pagination import PageParams, paginate
from .schemas import CLIENT_ERRORS, PriceOut, price_out

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")

router = Router(tags=["catalogue"])


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    depth: int
    parent_id: int | None
    url: str


class CategoryPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[CategoryOut]


class StockOut(Schema):
    is_available: bool
    message: str
    num_available: int | None


class ImageOut(Schema):
    url: str
    caption: str


class AttributeOut(Schema):
    code: str
    name: str
    value: str


class RatingOut(Schema):
    average: float | None
    count: int


class ProductOut(Schema):
    id: int
    title: str
    slug: str
    url: str
    product_class: str | None
    is_parent: bool
    bookable: bool = Field(description="A venue service: add it with a held time.")
    price: PriceOut | None
    from_price: PriceOut | None = Field(description="The lowest price among its variants.")
    availability: StockOut
    images: list[ImageOut]
    attributes: list[AttributeOut]
    categories: list[int]
    rating: RatingOut


class ProductDetailOut(ProductOut):
    description: str


class ProductPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ProductOut]


class ProductFilters(PageParams):
    category: int | None = Field(None, ge=1, le=2_147_483_647)


def parent_ids(categories) -> dict[str, int]:
    """{parent path: id} for the categories' parents, in one query (not one per category)."""
    paths = {category.path[: -Category.steplen] for category in categories if category.depth > 1}
    return dict(Category.objects.filter(path__in=paths).values_list("path", "pk"))


def category_out(category, request, parents) -> dict:
    return {
        "id": category.pk,
        "name": category.name,
        "slug": category.slug,
        "description": category.description or "",
        "depth": category.depth,
        "parent_id": parents.get(category.path[: -Category.steplen]),
        "url": request.build_absolute_uri(category.get_absolute_url()),
    }


def public_categories():
    return Category.objects.filter(is_public=True, ancestors_are_public=True).order_by("path")


@router.get("/categories/", response={200: CategoryPage, **CLIENT_ERRORS})
def list_categories(request, params: Query[PageParams]):
    page = paginate(request, public_categories(), params)
    parents = parent_ids(page["results"])
    page["results"] = [category_out(category, request, parents) for category in page["results"]]
    return page


@router.get("/categories/{int:category_id}/", response={200: CategoryOut, **CLIENT_ERRORS})
def get_category(request, category_id: int):
    category = get_object_or_404(public_categories(), pk=category_id)
    return category_out(category, request, parent_ids([category]))


def products():
    """Public products a shopper can browse (not variants), with what a card needs."""
    reviews = Q(reviews__status=ProductReview.APPROVED)
    return (
        for_cards(Product.objects.browsable().filter(is_public=True))
        .prefetch_related("children__stockrecords", "attribute_values__attribute", "categories")
        .annotate(approved_reviews=Count("reviews", filter=reviews, distinct=True))
        .order_by("pk")
    )


def attribute_rows(product):
    return [
        {
            "code": value.attribute.code,
            "name": value.attribute.name,
            "value": str(value.value_as_text),
        }
        for value in product.attribute_values.all()
    ]


def product_out(product, request, strategy) -> dict:
    info = strategy.fetch_for_product(product)
    availability = info.availability
    images = sorted(product.images.all(), key=lambda image: image.display_order)
    return {
        "id": product.pk,
        "title": product.get_title(),
        "slug": product.slug,
        "url": request.build_absolute_uri(product.get_absolute_url()),
        "product_class": product.product_class.name if product.product_class else None,
        "is_parent": product.is_parent,
        "bookable": lines.call_to_action(product) is not None,
        "price": price_out(shown_price(info.price)),
        "from_price": price_out(lowest_price(product, strategy)),
        "availability": {
            "is_available": availability.is_available_to_buy,
            "message": str(availability.message),
            "num_available": getattr(availability, "num_available", None),
        },
        "images": [
            {"url": request.build_absolute_uri(image.original.url), "caption": image.caption}
            for image in images
            if image.original
        ],
        "attributes": attribute_rows(product),
        "categories": [category.pk for category in product.categories.all()],
        "rating": {"average": product.rating, "count": product.approved_reviews},
        "description": product.description or "",
    }


@router.get("/products/", response={200: ProductPage, **CLIENT_ERRORS})
def list_products(request, filters: Query[ProductFilters]):
    items = products()
    if filters.category:
        category = get_object_or_404(public_categories(), pk=filters.category)
        items = items.filter(categories__path__startswith=category.path).distinct()
    page = paginate(request, items, filters)
    strategy = default_strategy(request)
    page["results"] = [product_out(product, request, strategy) for product in page["results"]]
    return page


@router.get("/products/{int:product_id}/", response={200: ProductDetailOut, **CLIENT_ERRORS})
def get_product(request, product_id: int):
    product = get_object_or_404(products(), pk=product_id)
    return product_out(product, request, default_strategy(request))
