import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils  # noqa: F401 (ensures wagtail test utils import)

from core.blocks import BaseStreamBlock, CallToActionBlock
from home.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "heading", "value": {"text": "Our picks", "level": "h2"}},
    {"type": "paragraph", "value": "<p>Hand-picked venues.</p>"},
    {"type": "quote", "value": {"text": "Lovely.", "attribution": "Sam"}},
    {
        "type": "call_to_action",
        "value": {
            "title": "Shop now",
            "text": "",
            "button_text": "Go",
            "page": None,
            "url": "https://example.com/",
        },
    },
]


@pytest.fixture
def rich_home_page(home_page):
    home_page.body = BODY
    home_page.hero_cta_text = "Browse the shop"
    home_page.hero_cta_url = "/shop/catalogue/"
    home_page.save_revision().publish()
    for title in ("About us", "Delivery", "Contact"):
        home_page.add_child(instance=ContentPage(title=title, show_in_menus=True))
    return home_page


def test_home_page_shows_hero_sections_and_menu(client, rich_home_page):
    html = client.get("/").content.decode()
    assert "Welcome" in html
    assert 'href="/shop/catalogue/"' in html and "Browse the shop" in html
    assert "Our picks" in html and "Lovely." in html
    for title in ("About us", "Delivery", "Contact"):
        assert title in html


def test_home_page_renders_in_at_most_15_queries(client, rich_home_page):
    client.get("/")  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert len(queries) <= 15, "\n".join(q["sql"] for q in queries.captured_queries)


def test_menu_queries_do_not_grow_with_menu_pages(client, rich_home_page):
    client.get("/")
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    for n in range(5):
        rich_home_page.add_child(instance=ContentPage(title=f"Extra {n}", show_in_menus=True))
    client.get("/")
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert len(after) == len(before)


def test_unpublished_and_hidden_pages_stay_out_of_the_menu(client, rich_home_page):
    draft = rich_home_page.add_child(instance=ContentPage(title="Secret draft", show_in_menus=True))
    draft.unpublish()
    rich_home_page.add_child(instance=ContentPage(title="Not in menu", show_in_menus=False))
    html = client.get("/").content.decode()
    assert "Secret draft" not in html
    assert "Not in menu" not in html


def test_page_tree_rules():
    assert HomePage.allowed_parent_page_models() == [Page]
    assert HomePage.max_count == 1
    assert set(ContentPage.allowed_parent_page_models()) == {HomePage, ContentPage}
    assert ContentPage in HomePage.allowed_subpage_models()


def test_every_shared_block_has_icon_template_and_preview():
    for name, block in BaseStreamBlock().child_blocks.items():
        assert block.meta.icon, name
        assert block.meta.template, name
        if name != "image":  # needs an uploaded image; its preview comes from the editor's own
            assert block.get_preview_value() is not None, name
            assert block.render(block.get_preview_value()).strip(), name


def test_call_to_action_needs_a_page_or_an_address():
    from wagtail.blocks import StructBlockValidationError

    block = CallToActionBlock()
    value = block.to_python({"title": "Go", "button_text": "Go", "page": None, "url": ""})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
