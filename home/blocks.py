"""StreamField blocks shared by every page type. Each has an icon, a template and a preview."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from .validators import validate_link


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (H2)"), ("h3", "Sub-heading (H3)")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Our favourite places this season", "level": "h2"}
        description = "A heading that structures the page (H2 or H3)."


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["bold", "italic", "link", "ol", "ul", "document-link"])
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        preview_value = "<p>Hand-picked venues, honest reviews and things worth keeping.</p>"
        description = "Formatted text."


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        description = "An image with an optional caption and credit."


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        preview_value = {
            "text": "The best afternoon we have had in years.",
            "attribution": "A happy guest",
        }
        description = "A pull quote with who said it."


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    button_text = blocks.CharBlock(max_length=40, default="Find out more")
    page = blocks.PageChooserBlock(required=False, help_text="Link to a page on this site…")
    url = blocks.CharBlock(
        required=False,
        max_length=255,
        validators=[validate_link],
        help_text="…or to a path such as /shop/ or a full address.",
    )

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        preview_value = {
            "title": "Ready to treat yourself?",
            "text": "Browse the shop for gifts and vouchers.",
            "button_text": "Visit the shop",
            "url": "https://example.com/shop/",
        }
        description = "A highlighted panel with a button."

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": "Choose a page or enter an address for the button."}
            )
        return value


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks every StreamField body starts from; later apps extend it."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
