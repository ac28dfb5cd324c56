"""Demo catalogue: countries, product classes, categories, the house partner and its products.

Every builder can run again: rows are found by their natural keys (slug, code, UPC, SKU) and
brought back to the values below, and a product that already has an image keeps it.
"""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from importlib.util import find_spec
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.utils.text import slugify
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.apps.catalogue.receivers import refresh_materialized_view
from oscar.core.loading import get_model

from demo.shop_images import product_art

Country = get_model("address", "Country")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

PHYSICAL_PRODUCT = "physical-product"
VENUE_SERVICE = "venue-service"
HOUSE_PARTNER = "house"
PRODUCTS_PER_CATEGORY = 6

# Leaf category: (kinds of product, how they are made, price range in pounds).
DEPARTMENTS = {
    "Home & Living > Candles": (
        ["Candle", "Pillar Candle", "Tealight Set", "Travel Candle"],
        "Hand-poured in small batches from rapeseed wax, with a cotton wick that burns clean.",
        (12, 38),
    ),
    "Home & Living > Ceramics": (
        ["Mug", "Serving Bowl", "Bud Vase", "Side Plate"],
        "Thrown on the wheel in a small coastal studio and finished in a food-safe glaze.",
        (14, 89),
    ),
    "Home & Living > Textiles": (
        ["Tea Towel", "Wool Throw", "Cushion Cover", "Table Runner"],
        "Woven from washed linen and undyed wool that soften with every wash.",
        (9, 85),
    ),
    "Wellness > Bath & Body": (
        ["Bath Salts", "Hand Cream", "Soap Bar", "Body Oil"],
        "Made with cold-pressed oils and sea salt, free from synthetic fragrance.",
        (7, 32),
    ),
    "Wellness > Aromatherapy": (
        ["Reed Diffuser", "Oil Blend", "Pillow Mist", "Room Spray"],
        "Blended from pure essential oils to calm a room in minutes.",
        (10, 45),
    ),
    "Wellness > Tea": (
        ["Loose-Leaf Tea", "Herbal Infusion", "Tea Caddy", "Brewing Set"],
        "Sourced from small growers and packed by hand in plastic-free tins.",
        (6.5, 40),
    ),
    "Gifts > Gift Sets": (
        ["Gift Box", "Hamper", "Letterbox Gift", "Care Package"],
        "Wrapped in recycled tissue with a handwritten card, ready to give.",
        (25, 89),
    ),
    "Gifts > Stationery": (
        ["Notebook", "Card Set", "Wrapping Paper", "Desk Calendar"],
        "Printed on recycled paper with vegetable inks by a family-run press.",
        (6.5, 24),
    ),
    "Outdoors > Picnic": (
        ["Picnic Blanket", "Enamel Mug", "Flask", "Cool Bag"],
        "Built for long afternoons outside and easy to pack away.",
        (12, 75),
    ),
    "Outdoors > Garden": (
        ["Seed Kit", "Plant Pot", "Garden Twine", "Bird Feeder"],
        "Made to weather well and look better with age.",
        (7, 48),
    ),
}
COLLECTIONS = [
    "Harbour", "Driftwood", "Sea Glass", "Saltmarsh", "Juniper",
    "Ember", "Moorland", "Orchard", "Tidewater", "Lighthouse",
]  # fmt: skip
PROMISE = "Every piece is checked by hand and sent in plastic-free packaging."


@dataclass(frozen=True)
class DemoProduct:
    upc: str
    title: str
    category: str
    description: str
    price: Decimal
    num_in_stock: int


def demo_products() -> list[DemoProduct]:
    """The same products, prices and stock levels on every run (seeded by name, not by time)."""
    products = []
    for category, (kinds, making, price_range) in DEPARTMENTS.items():
        names = [(collection, kind) for collection in COLLECTIONS for kind in kinds]
        for collection, kind in random.Random(category).sample(names, PRODUCTS_PER_CATEGORY):
            upc = f"DEMO-{len(products) + 1:04d}"
            rng = random.Random(upc)
            products.append(
                DemoProduct(
                    upc=upc,
                    title=f"{collection} {kind}",
                    category=category,
                    description=f"Part of our {collection} collection. {making} {PROMISE}",
                    price=demo_price(rng, *price_range),
                    num_in_stock=demo_stock_level(rng),
                )
            )
    return products


def demo_price(rng, low, high):
    """Whole or half pounds: shop prices look chosen, not computed."""
    return Decimal(rng.randint(int(low * 2), int(high * 2)) * 50).scaleb(-2)


def demo_stock_level(rng):
    """Mostly in stock; some sold out or nearly so, to show those states too."""
    return rng.choice([0, 2, 4]) if rng.random() < 0.2 else rng.randint(5, 50)


def build_countries():
    """Oscar's address forms need countries; the shop ships to the United Kingdom."""
    # Oscar's command refuses to run twice, and needs the optional pycountry package;
    # without it the United Kingdom alone is enough to check out.
    if not Country.objects.exists() and find_spec("pycountry"):
        call_command("oscar_populate_countries", "--no-shipping", stdout=StringIO())
    Country.objects.update_or_create(
        iso_3166_1_a2="GB",
        defaults={
            "iso_3166_1_a3": "GBR",
            "iso_3166_1_numeric": "826",
            "printable_name": "United Kingdom",
            "name": "United Kingdom of Great Britain and Northern Ireland",
            "is_shipping_country": True,
        },
    )


def build_product_classes():
    ProductClass.objects.update_or_create(
        slug=PHYSICAL_PRODUCT,
        defaults={"name": "Physical product", "requires_shipping": True, "track_stock": True},
    )
    ProductClass.objects.update_or_create(
        slug=VENUE_SERVICE,
        defaults={"name": "Venue service", "requires_shipping": False, "track_stock": False},
    )


def build_categories():
    """The category tree; Oscar's helper finds existing categories by name before adding one."""
    return {path: create_from_breadcrumbs(path) for path in DEPARTMENTS}


def build_partner():
    Partner.objects.update_or_create(
        code=HOUSE_PARTNER, defaults={"name": f"{settings.SITE_NAME} Store"}
    )


def build_products(progress: Callable[[Iterable], Iterable] = iter):
    """Upsert the demo products in bulk, then their categories, stock records and images.

    Bulk writes send no save signals: anything that listens for product saves (a search
    index, say) needs its own step after this one.
    """
    rows = demo_products()
    products = upsert_products(rows)
    link_categories(rows, products)
    upsert_stock_records(rows, products)
    add_missing_images(rows, products, progress)


def upsert_products(rows):
    product_class = ProductClass.objects.get(slug=PHYSICAL_PRODUCT)
    Product.objects.bulk_create(
        [
            Product(
                upc=row.upc,
                title=row.title,
                slug=slugify(row.title),
                description=row.description,
                product_class=product_class,
                structure=Product.STANDALONE,
                is_public=True,
            )
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["upc"],
        update_fields=["title", "slug", "description", "product_class", "structure", "is_public"],
    )
    return Product.objects.in_bulk([row.upc for row in rows], field_name="upc")


def link_categories(rows, products):
    """Give each product exactly its demo category, adding and removing only what differs."""
    categories = build_categories()
    wanted = {(products[row.upc].pk, categories[row.category].pk) for row in rows}
    existing = {
        (link.product_id, link.category_id): link.pk
        for link in ProductCategory.objects.filter(product__in=products.values())
    }
    stale = [pk for pair, pk in existing.items() if pair not in wanted]
    ProductCategory.objects.filter(pk__in=stale).delete()
    ProductCategory.objects.bulk_create(
        [
            ProductCategory(product_id=product, category_id=category)
            for product, category in wanted - existing.keys()
        ]
    )
    # bulk_create sends no post_save, so refresh Oscar's category view (PostgreSQL only) here.
    refresh_materialized_view(sender=ProductCategory)


def upsert_stock_records(rows, products):
    partner = Partner.objects.get(code=HOUSE_PARTNER)
    StockRecord.objects.bulk_create(
        [
            StockRecord(
                partner=partner,
                partner_sku=row.upc.replace("DEMO", "HOUSE"),
                product=products[row.upc],
                price=row.price,
                price_currency=settings.OSCAR_DEFAULT_CURRENCY,
                num_in_stock=row.num_in_stock,
                low_stock_threshold=5,
            )
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["partner", "partner_sku"],
        update_fields=["product", "price", "price_currency", "num_in_stock", "low_stock_threshold"],
    )


def add_missing_images(rows, products, progress):
    images = ProductImage.objects.filter(product__in=products.values())
    illustrated = set(images.values_list("product_id", flat=True))
    missing = [row for row in rows if products[row.upc].pk not in illustrated]
    images = []
    for row in progress(missing):
        image = ProductImage(product=products[row.upc], caption=row.title, display_order=0)
        image.original.save(f"{slugify(row.title)}.jpg", product_art(row.title), save=False)
        images.append(image)
    ProductImage.objects.bulk_create(images)
