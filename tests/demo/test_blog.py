"""The demo blog and campaign pages build quickly and only once."""

from decimal import Decimal as D

import pytest
from oscar.test.factories import create_product
from wagtail.models import Revision

from blog.models import BlogCategory, BlogPage
from demo import blog as blog_demo
from demo import home as home_demo
from home.models import FormPage, LandingPage

pytestmark = pytest.mark.django_db


def test_demo_posts_pages_and_voucher(home_page, countries):
    for number in range(4):
        create_product(title=f"Candle {number}", price=D("9.00"), num_in_stock=10)

    blog_demo.build_blog()
    home_demo.build_landing_pages()
    counts = (BlogPage.objects.count(), LandingPage.objects.count(), Revision.objects.count())
    blog_demo.build_blog()
    home_demo.build_landing_pages()

    assert (BlogPage.objects.count(), LandingPage.objects.count()) == counts[:2]
    assert Revision.objects.count() == counts[2]  # nothing republished
    posts = BlogPage.objects.live()
    assert posts.count() >= 30
    assert BlogCategory.objects.filter(posts__isnull=False).distinct().count() == 5
    assert all(post.authors.exists() and post.tags.exists() for post in posts)
    assert all(post.hero_image_id for post in posts)
    with_products = [p for p in posts if any(b.block_type == "product_grid" for b in p.body)]
    assert len(with_products) >= 15
    sale = LandingPage.objects.get(slug="winter-sale")
    voucher = next(b.value["voucher"] for b in sale.body if b.block_type == "voucher")
    assert voucher.code == home_demo.VOUCHER_CODE and voucher.is_active()
    assert voucher.offers.get().benefit.range.all_products().exists()
    assert FormPage.objects.get(slug="register").form_fields.count() == 3


def test_demo_blog_pages_render(client, home_page, countries):
    create_product(title="Candle", price=D("9.00"), num_in_stock=4)
    blog_demo.build_blog()
    home_demo.build_landing_pages()
    for url in ["/blog/", BlogPage.objects.first().url, "/winter-sale/", "/open-day/"]:
        assert client.get(url).status_code == 200, url
