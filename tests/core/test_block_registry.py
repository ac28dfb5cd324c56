"""Domain apps add their blocks to the shared streams; core imports none of them."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.block_registry import CONTENT, BlockRegistry
from core.blocks import ContentStreamBlock, HeadingBlock, LandingStreamBlock
from marketing.blocks import NewsletterStreamBlock

FEATURE_APPS = {"home", "blog", "venues", "bookings", "shop", "marketing", "accounts", "search"}
CORE = Path(__file__).resolve().parents[2] / "core"


def test_streams_keep_their_block_names_and_order():
    editorial = ["heading", "paragraph", "image", "quote", "call_to_action"]
    content = [*editorial, "table", "faq", "video"]
    domains = ["product_card", "product_grid", "venue_card", "venue_grid"]
    discovery = [
        "product_card", "product_grid", "featured_products", "venue_card", "venue_grid",
        "venue_showcase", "latest_posts", "current_campaign",
    ]  # fmt: skip
    campaign = ["hero", "voucher", "countdown", "testimonials", "newsletter", "form"]

    assert list(ContentStreamBlock().child_blocks) == [*content, *discovery]
    assert list(LandingStreamBlock().child_blocks) == [*content, *discovery, *campaign]
    assert list(NewsletterStreamBlock().child_blocks) == [*editorial, *domains]


def test_blocks_come_out_in_position_order_whatever_the_registration_order():
    registry = BlockRegistry()
    registry.register(CONTENT, "second", HeadingBlock, position=2)
    registry.register(CONTENT, "first", HeadingBlock, position=1)

    assert [name for name, _block in registry.blocks_for(CONTENT)] == ["first", "second"]


def test_a_block_registered_after_its_stream_was_built_is_an_error():
    registry = BlockRegistry()
    registry.blocks_for(CONTENT)

    with pytest.raises(ImproperlyConfigured):
        registry.register(CONTENT, "late", HeadingBlock, position=1)


def test_a_name_registered_twice_is_an_error():
    registry = BlockRegistry()
    registry.register(CONTENT, "card", HeadingBlock, position=1)

    with pytest.raises(ImproperlyConfigured):
        registry.register(CONTENT, "card", HeadingBlock, position=2)


def test_core_imports_no_feature_app():
    imported = set()
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])

    assert not imported & FEATURE_APPS
