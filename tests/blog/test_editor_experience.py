"""What editors get: roles that can manage blog snippets and redirects, the review workflow,
and blocks that each have an icon, a template and a preview."""

from decimal import Decimal as D

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from core.blocks import LandingStreamBlock

pytestmark = pytest.mark.django_db


def signed_in(client, user_factory, role):
    client.force_login(user_factory(roles=[role]))
    return client


@pytest.mark.parametrize("role", ["Editors", "Moderators"])
def test_editors_and_moderators_manage_redirects_and_blog_snippets(client, user_factory, role):
    signed_in(client, user_factory, role)
    for name in (
        "wagtailredirects:index",
        "wagtailsnippets_blog_author:list",
        "wagtailsnippets_blog_blogcategory:list",
    ):
        assert client.get(reverse(name)).status_code == 200, name


def test_marketers_read_newsletter_subscribers_and_editors_do_not(client, user_factory):
    url = reverse("wagtailsnippets_marketing_subscriber:list")
    assert signed_in(client, user_factory, "Marketers").get(url).status_code == 200
    client.logout()
    assert signed_in(client, user_factory, "Editors").get(url).status_code in (302, 403)


def test_editors_can_choose_products_in_the_admin(client, user_factory, countries):
    create_product(title="Beeswax Candle", price=D("10.00"), num_in_stock=2)
    signed_in(client, user_factory, "Editors")
    response = client.get(reverse("product_chooser:choose"), {"q": "beeswax"})
    assert response.status_code == 200
    assert "Beeswax Candle" in response.json()["html"]


def test_editors_cannot_publish_posts_themselves(make_post, user_factory):
    post = make_post(publish=False)
    editor = user_factory(roles=["Editors"])
    permissions = post.permissions_for_user(editor)
    assert permissions.can_edit() and not permissions.can_publish()


def test_accessibility_checker_is_in_the_userbar(client, user_factory, make_post):
    post = make_post()
    signed_in(client, user_factory, "Editors")
    assert "w-userbar" in client.get(post.url).content.decode()
    from wagtail.admin.userbar import AccessibilityItem  # Wagtail's default item

    assert AccessibilityItem


# Video previews fetch an oEmbed from the network; the rest render here.
NETWORK_BLOCKS = {"video"}


@pytest.mark.parametrize("name", list(LandingStreamBlock.base_blocks))
def test_every_block_has_an_icon_a_template_and_a_preview(name, countries, make_post):
    create_product(title="Beeswax Candle", price=D("10.00"), num_in_stock=2)
    block = LandingStreamBlock.base_blocks[name]
    assert block.meta.icon and block.meta.icon != "placeholder"
    assert block.meta.template
    assert block.meta.description
    value = block.get_preview_value()
    assert value is not None
    if name not in NETWORK_BLOCKS:
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        block.render(value, context={"request": request})


def test_posts_preview_as_the_page_and_as_their_listing_card(make_post, rf, admin_user):
    post = make_post("Winter walks", publish=False)
    assert [mode for mode, _label in post.preview_modes] == ["", "card"]
    request = rf.get("/")
    request.user = admin_user
    request.basket = get_model("basket", "Basket")()  # what Oscar's middleware would attach
    response = post.serve_preview(request, "card")
    response.render()
    content = response.content.decode()
    assert content.count("post-card__title") == 2 and "Winter walks" in content


def test_a_new_post_previews_before_it_is_first_saved(admin_client, blog_index, make_post):
    make_post("An older post")
    url = reverse("wagtailadmin_pages:preview_on_add", args=["blog", "blogpage", blog_index.pk])
    form = {
        "title": "Not saved yet",
        "slug": "not-saved-yet",
        "date": "2026-11-01",
        "summary": "A draft.",
        "tags": "",
        "body-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    assert admin_client.post(url, form).json()["is_valid"] is True
    for mode in ("", "card"):
        response = admin_client.get(url, {"mode": mode})
        assert response.status_code == 200
        assert "Not saved yet" in response.content.decode()


def test_a_new_page_form_does_not_autosave_but_the_edit_form_does(client, user_factory, make_post):
    """An abandoned new-page form leaves no hidden draft behind; existing pages keep autosave."""
    post = make_post()
    signed_in(client, user_factory, "Editors")
    create = client.get(
        reverse("wagtailadmin_pages:add", args=["blog", "blogpage", post.get_parent().pk])
    )
    assert create.status_code == 200
    assert "data-w-autosave-interval-value" not in create.content.decode()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[post.pk]))
    assert "data-w-autosave-interval-value" in edit.content.decode()
