"""The blocks a newsletter may use: the shared editorial and shoppable blocks from home.blocks.

On the web (preview, web version) each block renders with its own template; in the email each
renders with an email-safe twin under templates/marketing/email/blocks/ (see rendering.py)."""

from home import blocks as shared


class NewsletterStreamBlock(shared.BaseStreamBlock):
    """Heading, paragraph, image, quote and call to action come from BaseStreamBlock."""

    product_card = shared.ProductCardBlock()
    product_grid = shared.ProductGridBlock()
    venue_card = shared.VenueCardBlock()
    venue_grid = shared.VenueGridBlock()
