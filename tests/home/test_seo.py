"""Search and sharing metadata: fallbacks, canonical, OpenGraph/Twitter, JSON-LD per type."""

import json
import re
from decimal import Decimal as D

import pytest
from oscar.test.factories import CategoryFactory, create_product

from home.models import ContentPage

pytestmark = pytest.mark.django_db


def json_ld(response):
    content = response.content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return {item["@type"]: item for item in map(json.loads, blocks)}


def meta(response, attribute, name):
    match = re.search(
        rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', response.content.decode()
    )
    return match.group(1) if match else None


def canonical(response):
    return re.search(r'<link rel="canonical" href="([^"]+)"', response.content.decode()).group(1)


def test_home_page_has_organization_and_website_with_search_action(client, home_page):
    data = json_ld(client.get("/"))

    assert data["Organization"]["name"]
    assert data["Organization"]["url"] == "http://localhost/"
    action = data["WebSite"]["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://localhost/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


def test_organization_comes_from_the_site_settings(client, home_page):
    from wagtail.models import Site

    from home.models import SiteSettings

    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "brand_name": "Harbour & Hearth",
            "contact_email": "hello@example.com",
            "instagram_url": "https://www.instagram.com/example",
        },
    )
    organization = json_ld(client.get("/"))["Organization"]
    assert organization["name"] == "Harbour & Hearth"
    assert organization["email"] == "hello@example.com"
    assert organization["sameAs"] == ["https://www.instagram.com/example"]


def test_post_has_article_breadcrumbs_and_social_tags(client, make_post, make_image, author):
    post = make_post(
        "Winter walks", authors=[author], hero_image=make_image("Hero", 1600, 900), subtitle="Go"
    )

    response = client.get(post.url)
    data = json_ld(response)

    article = data["Article"]
    assert article["headline"] == "Winter walks"
    assert article["author"] == [{"@type": "Person", "name": "Ada Lovelace"}]
    assert article["datePublished"] and article["dateModified"]
    assert article["image"][0].startswith("http://localhost/")
    assert article["publisher"]["name"]
    assert article["mainEntityOfPage"] == "http://localhost/blog/winter-walks/"
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Journal", "Winter walks"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert canonical(response) == "http://localhost/blog/winter-walks/"
    assert meta(response, "property", "og:type") == "article"
    assert meta(response, "property", "og:title") == "Winter walks"
    assert meta(response, "property", "og:description") == "Summary of Winter walks."
    assert meta(response, "property", "og:image").startswith("http://localhost/")
    assert meta(response, "name", "twitter:card") == "summary_large_image"


def test_description_falls_back_from_search_description(client, home_page):
    page = home_page.add_child(instance=ContentPage(title="About", slug="about", intro="We are."))
    page.save_revision().publish()
    assert meta(client.get("/about/"), "name", "description") == "We are."

    page.search_description = "Who we are, in a line."
    page.save_revision().publish()
    response = client.get("/about/")
    assert meta(response, "name", "description") == "Who we are, in a line."
    # Without an image of its own the page shares the site's default picture.
    assert meta(response, "property", "og:image").endswith(".png")


def test_listing_canonical_keeps_only_the_page_number(client, blog_index, make_post):
    for _ in range(11):
        make_post()
    response = client.get("/blog/?page=2&utm_source=x")
    assert canonical(response) == "http://localhost/blog/?page=2"
    assert canonical(client.get("/blog/?page=1")) == "http://localhost/blog/"


def test_product_page_has_product_json_ld_with_offer(client, home_page, countries):
    product = create_product(title="Beeswax Candle", price=D("10.00"), num_in_stock=3, upc="BW1")
    product.categories.add(CategoryFactory(name="Candles"))

    response = client.get(product.get_absolute_url())
    data = json_ld(response)

    item = data["Product"]
    assert item["name"] == "Beeswax Candle"
    assert item["sku"] == "BW1"
    assert item["offers"] == {
        "@type": "Offer",
        "url": "http://localhost" + product.get_absolute_url(),
        "price": "12.00",
        "priceCurrency": "GBP",
        "availability": "https://schema.org/InStock",
    }
    names = [c["name"] for c in data["BreadcrumbList"]["itemListElement"]]
    assert names == ["Home", "Candles", "Beeswax Candle"]
    assert meta(response, "property", "og:type") == "product"


def test_sold_out_product_is_out_of_stock(client, home_page, countries):
    product = create_product(title="Rare Candle", price=D("10.00"), num_in_stock=0)
    offer = json_ld(client.get(product.get_absolute_url()))["Product"]["offers"]
    assert offer["availability"] == "https://schema.org/OutOfStock"


def test_category_page_has_breadcrumbs_and_canonical(client, home_page):
    category = CategoryFactory(name="Candles")
    response = client.get(category.get_absolute_url())
    assert response.status_code == 200
    data = json_ld(response)
    assert [c["name"] for c in data["BreadcrumbList"]["itemListElement"]] == ["Home", "Candles"]
    assert canonical(response) == "http://localhost" + category.get_absolute_url()


def test_json_ld_cannot_be_broken_out_of(client, make_post):
    post = make_post("</script><script>alert(1)</script>")
    content = client.get(post.url).content.decode()
    assert "<script>alert(1)" not in content
