"""Search and sharing metadata for Oscar products and categories, built with the shared SEO
module and registered with it in ShopConfig.ready()."""

from core.seo import (
    Crumb,
    SeoMeta,
    absolute,
    breadcrumb_list,
    canonical,
    default_image,
    plain,
    root_url,
    site_name,
)

from .pricing import shown_price

AVAILABILITY = {True: "https://schema.org/InStock", False: "https://schema.org/OutOfStock"}


def is_product(value):
    return hasattr(value, "get_absolute_url") and hasattr(value, "upc")


def product_category_trail(product):
    """The product's first public category and its ancestors, root first (the breadcrumbs)."""
    category = next(iter(product.get_categories()), None) if product.pk else None
    return category.get_ancestors_and_self() if category is not None else []


def is_category(value):
    return hasattr(value, "get_ancestors_and_self")


def product_seo(product, request, context):
    from .products import strategy_for

    info = strategy_for(request).fetch_for_product(product)
    image = product.primary_image()
    image_file = getattr(image, "original", None)
    image_link = absolute(request, image_file.url) if image_file else ""
    url = root_url(request) + product.get_absolute_url()
    meta = SeoMeta(
        title=product.get_title(),
        description=plain(product.get_meta_description())
        or f"{product.get_title()} from {site_name(request)}",
        canonical_url=url,
        site_name=site_name(request),
        image_url=image_link or default_image(request),
        og_type="product",
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.get_title(),
        "description": meta.description,
        "url": url,
    }
    if image_link:
        data["image"] = [image_link]
    if product.upc:
        data["sku"] = product.upc
    shown = shown_price(info.price)
    if shown is not None:
        data["offers"] = {
            "@type": "Offer",
            "url": url,
            "price": str(shown.amount),
            "priceCurrency": shown.currency,
            "availability": AVAILABILITY[bool(info.availability.is_available_to_buy)],
        }
    data.update(product_reviews_json_ld(product))
    meta.json_ld.append(data)
    crumbs = [Crumb("Home", root_url(request) + "/")]
    trail = context.get("category_trail")
    if trail is None:
        trail = product_category_trail(product)
    crumbs += [
        Crumb(ancestor.name, root_url(request) + ancestor.get_absolute_url()) for ancestor in trail
    ]
    crumbs.append(Crumb(product.get_title(), url))
    meta.breadcrumbs = crumbs
    meta.json_ld.append(breadcrumb_list(crumbs))
    return meta


# The few latest approved reviews given in full; the count covers them all.
JSON_LD_REVIEWS = 5


def product_reviews_json_ld(product) -> dict:
    """schema.org `aggregateRating` and `review` once the product has approved reviews."""
    if not product.pk or product.rating is None:
        return {}
    approved = list(product.reviews.approved().select_related("user").order_by("-date_created"))
    if not approved:
        return {}
    return {
        "aggregateRating": {
            "@type": "AggregateRating",
            "ratingValue": f"{product.rating:.1f}",
            "reviewCount": len(approved),
            "bestRating": 5,
            "worstRating": 0,
        },
        "review": [
            {
                "@type": "Review",
                "author": {"@type": "Person", "name": str(review.reviewer_name or "A customer")},
                "datePublished": review.date_created.date().isoformat(),
                "name": review.title,
                "reviewBody": review.body,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": review.score,
                    "bestRating": 5,
                    "worstRating": 0,
                },
            }
            for review in approved[:JSON_LD_REVIEWS]
        ],
    }


def category_seo(category, request, context):
    url = root_url(request) + category.get_absolute_url()
    meta = SeoMeta(
        title=category.get_meta_title(),
        description=plain(category.get_meta_description())
        or f"{category.name} at {site_name(request)}",
        canonical_url=canonical(request),
        site_name=site_name(request),
        image_url=absolute(request, category.image.url)
        if category.image
        else default_image(request),
    )
    crumbs = [Crumb("Home", root_url(request) + "/")] + [
        Crumb(ancestor.name, root_url(request) + ancestor.get_absolute_url())
        for ancestor in context.get("category_trail") or category.get_ancestors_and_self()
    ]
    crumbs[-1].url = url
    meta.breadcrumbs = crumbs
    meta.json_ld.append(breadcrumb_list(crumbs))
    return meta
