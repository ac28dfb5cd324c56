"""Oscar products: public, parent-level products with their price, categories, image, whether
they can be bought now, and the venue offering them (a venue's services)."""

from django.apps import apps
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from oscar.core.loading import get_class, get_model

from core.ratings import bayesian_score
from search.documents import Document, DocumentDefinition, RelatedChange, register
from shop import pricing

from .text import plain_text, summarise


def _product_of_stock_record(record):
    return [record.product.parent_id or record.product_id]


def _product_of_image(image):
    return [image.product_id]


def _product_of_category_link(link):
    return [link.product_id]


def _products_in_category_tree(category):
    # A renamed or hidden category changes every product filed anywhere below it.
    ProductCategory = get_model("catalogue", "ProductCategory")
    subtree = category.get_descendants_and_self()
    return ProductCategory.objects.filter(category__in=subtree).values_list("product_id", flat=True)


def _parent_of_variant(product):
    return [product.parent_id] if product.parent_id else []


def _services_of_venue(venue):
    # A renamed, published or unpublished venue changes the name its services show.
    if not venue.partner_id:
        return []
    StockRecord = get_model("partner", "StockRecord")
    return StockRecord.objects.filter(partner_id=venue.partner_id).values_list(
        "product_id", flat=True
    )


def live_venue_names(partner_ids):
    """partner id -> title of the live, public venue that partner runs."""
    VenuePage = apps.get_model("venues", "VenuePage")
    venues = VenuePage.objects.live().public().filter(partner_id__in=partner_ids)
    return dict(venues.values_list("partner_id", "title"))


@register
class ProductDocument(DocumentDefinition):
    kind = "product"
    label = "Products"
    model = ("catalogue", "Product")
    many_to_many = ("categories",)
    related = (
        RelatedChange(("partner", "StockRecord"), _product_of_stock_record),
        RelatedChange(("catalogue", "ProductImage"), _product_of_image),
        RelatedChange(("catalogue", "ProductCategory"), _product_of_category_link),
        RelatedChange(("catalogue", "Category"), _products_in_category_tree),
        RelatedChange(("catalogue", "Product"), _parent_of_variant),
        RelatedChange(("venues", "VenuePage"), _services_of_venue),
    )

    def get_queryset(self):
        StockRecord = get_model("partner", "StockRecord")
        Product = self.get_model()
        approved_reviews = (
            get_model("reviews", "ProductReview")
            .objects.approved()
            .filter(product=OuterRef("pk"))
            .order_by()
            .values("product")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            Product.objects.browsable()
            .annotate(approved_review_count=Subquery(approved_reviews, output_field=IntegerField()))
            .select_related("product_class")
            .prefetch_related(
                "images",
                "categories",
                "stockrecords",
                Prefetch(
                    "children",
                    Product.objects.prefetch_related(
                        Prefetch("stockrecords", StockRecord.objects.all())
                    ),
                ),
            )
        )

    def prepare_batch(self, objects):
        # Category names by tree path: a product is also filed under each ancestor, so a
        # category page lists its whole subtree with one filter.
        Category = get_model("catalogue", "Category")
        self._categories = {
            category.path: category
            for category in Category.objects.only("path", "depth", "name", "is_public")
        }
        self._steplen = Category.steplen
        partner_ids = {
            record.partner_id for product in objects for record in product.stockrecords.all()
        }
        self._venue_names = live_venue_names(partner_ids)
        # The shop's own pricing and availability rules, as the product page applies them.
        self._strategy = get_class("partner.strategy", "Selector")().strategy()

    def category_names(self, product):
        names = set()
        for category in product.categories.all():
            trail = [
                self._categories.get(category.path[: self._steplen * depth])
                for depth in range(1, category.depth + 1)
            ]
            if any(node is None or not node.is_public for node in trail):
                continue
            for depth in range(1, len(trail) + 1):
                names.add(" > ".join(node.name for node in trail[:depth]))
        return sorted(names)

    def lowest_price(self, product):
        """The lowest price a shopper sees (the shop's price policy) among its stock records."""
        shown = pricing.lowest_price(product, self._strategy)
        return shown.amount if shown else None

    def venue_name(self, product):
        """The venue whose partner sells the product (a venue's service), else ""."""
        for record in product.stockrecords.all():
            if record.partner_id in self._venue_names:
                return self._venue_names[record.partner_id]
        return ""

    def is_available(self, product):
        """Whether it can be bought now: a price and stock (for a parent, in some variant)."""
        if product.is_parent:
            variants = [child for child in product.children.all() if child.is_public]
            return any(self._purchasable(child) for child in variants)
        return self._purchasable(product)

    def _purchasable(self, product):
        info = self._strategy.fetch_for_product(product)
        return info.price.exists and info.availability.is_available_to_buy

    @staticmethod
    def image_url(product):
        images = list(product.images.all())
        return images[0].original.url if images and images[0].original else ""

    def to_document(self, product):
        description = plain_text(product.description)
        venue = self.venue_name(product)
        review_count = getattr(product, "approved_review_count", None) or 0
        return Document(
            kind=self.kind,
            object_id=product.pk,
            title=product.get_title(),
            url=product.get_absolute_url(),
            summary=summarise(description, 30),
            body=" ".join(filter(None, [description, product.upc or ""])),
            image=self.image_url(product),
            categories=self.category_names(product),
            tags=[product.product_class.name] if product.product_class_id else [],
            price=self.lowest_price(product),
            rating=product.rating,
            review_count=review_count,
            top_score=(
                float(bayesian_score(product.rating * review_count, review_count))
                if review_count and product.rating is not None
                else None
            ),
            published_at=product.date_created,
            available=self.is_available(product),
            venue=venue,
            search_terms=[venue] if venue else [],
        )
