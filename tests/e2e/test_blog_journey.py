"""An editor writes a post with a product grid, previews it and submits it; a moderator
publishes it; a shopper adds the product to the basket from the post."""

import re
from decimal import Decimal as D

from oscar.core.loading import get_model
from oscar.test.factories import create_product
from playwright.sync_api import expect

from blog.models import BlogIndexPage, BlogPage
from tests.e2e.test_venue_moderation_journey import sign_in, sign_out, verified_user
from tests.factories import make_home_page

Basket = get_model("basket", "Basket")


def test_editor_post_with_products_reaches_the_shopper_basket(page, browser_log, countries):
    home = make_home_page()
    index = home.add_child(instance=BlogIndexPage(title="Journal", slug="blog"))
    index.save_revision().publish()
    candle = create_product(title="Beeswax Candle", price=D("10.00"), num_in_stock=5)
    editor = verified_user("editor", ["Editors"])
    moderator = verified_user("moderator", ["Moderators"])
    add_url = f"/admin/pages/add/blog/blogpage/{index.pk}/"

    # The editor writes the post and adds a product grid with the candle.
    sign_in(page, editor, add_url)
    page.locator("#id_title").fill("Gifts for long evenings")
    page.locator("#id_summary").fill("Our favourite things for winter.")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Product grid").click()
    page.get_by_role("textbox", name="Heading").fill("Bring it home")
    # The product list starts with one empty row.
    page.get_by_role("button", name="Choose a product", exact=True).first.click()
    page.get_by_role("dialog").get_by_role("link", name="Beeswax Candle").click()
    expect(page.locator("[data-chooser-title]").filter(has_text="Beeswax Candle")).to_be_visible()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile("(created|updated)"))).to_be_visible()

    # The live preview (in the side panel) shows the product card with its live price.
    post = BlogPage.objects.get(title="Gifts for long evenings")
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", name="Beeswax Candle")).to_be_visible()
    expect(preview.get_by_text("£12.00")).to_be_visible()
    page.get_by_label("Preview in desktop size").check(force=True)
    expect(preview.get_by_role("heading", name="Beeswax Candle")).to_be_visible()
    page.get_by_label("Preview in mobile size").check(force=True)
    expect(preview.get_by_role("button", name=re.compile("Add to basket"))).to_be_visible()
    page.get_by_role("button", name="Toggle preview").click()

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to Blog review")).click()
    expect(page.get_by_text("has been submitted for moderation")).to_be_visible()
    assert not BlogPage.objects.get(pk=post.pk).live
    sign_out(page)

    # The moderator approves, which publishes it.
    sign_in(page, moderator, f"/admin/pages/{post.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("^Approve")).first.click()
    approve_in_dialog = page.get_by_role("dialog").get_by_role("button", name=re.compile("Approve"))
    if approve_in_dialog.count():
        approve_in_dialog.first.click()
    expect(
        page.get_by_text(re.compile("Approved and published|has been (updated|published)")).first
    ).to_be_visible()
    sign_out(page)
    post.refresh_from_db()
    assert post.live

    # A shopper reads the post and adds the candle to the basket from it.
    page.goto(post.url)
    expect(page.get_by_role("heading", name="Bring it home")).to_be_visible()
    page.get_by_role("button", name=re.compile("Add to basket")).click()
    expect(page.get_by_text("Beeswax Candle").first).to_be_visible()
    # (The editor and moderator have empty baskets of their own from signing in.)
    basket = Basket.objects.get(owner=None)
    assert [line.product_id for line in basket.all_lines()] == [candle.pk]
    assert browser_log.server_errors == []
    assert browser_log.missing_static == []
