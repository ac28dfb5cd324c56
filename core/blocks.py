"""Domain-free StreamField blocks and the shared streams. Each block has an icon, a template
and a preview; domain apps add their own blocks through `core.block_registry`."""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from .block_registry import CONTENT, LANDING, block_registry
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
    """The blocks every StreamField body starts from."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()


# --- Reference blocks: tables, FAQs, video -------------------------------------------------


class TableBlock(WagtailTableBlock):
    class Meta:
        icon = "table"
        template = "blocks/table_block.html"
        preview_value = {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "data": [["Treatment", "Length", "From"], ["Sea-salt scrub", "45 min", "£55"]],
        }
        description = "A simple table of facts, prices or times."


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200, help_text="Asked the way a visitor would ask it.")
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "help"


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False, default="Frequently asked questions")
    items = blocks.ListBlock(FAQItemBlock(), min_num=1, max_num=30)

    class Meta:
        icon = "help"
        template = "blocks/faq_block.html"
        preview_value = {
            "heading": "Frequently asked questions",
            "items": [
                {"question": "Can I bring a friend?", "answer": "<p>Yes, book two places.</p>"},
                {"question": "Is there parking?", "answer": "<p>Free parking on site.</p>"},
            ],
        }
        description = "Questions and answers that open one at a time."


class VideoEmbedBlock(blocks.StructBlock):
    video = EmbedBlock(help_text="A YouTube or Vimeo address, e.g. https://youtu.be/…")
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "media"
        template = "blocks/video_embed_block.html"
        preview_value = {"video": "https://www.youtube.com/watch?v=aqz-KE-bpKQ", "caption": ""}
        description = "A video from YouTube, Vimeo or another oEmbed provider."


# --- The shared streams ----------------------------------------------------------------------


class RegisteredStreamBlock(BaseStreamBlock):
    """The base blocks, the class's own, then the blocks apps registered for `streams`.

    Give StreamField the class, not an instance: Wagtail builds it on first use, once every
    app has registered its blocks."""

    streams = ()

    def __init__(self, local_blocks=None, **kwargs):
        registered = [pair for stream in self.streams for pair in block_registry.blocks_for(stream)]
        super().__init__([*registered, *(local_blocks or ())], **kwargs)


class ContentStreamBlock(RegisteredStreamBlock):
    """Bodies of editorial pages: base and reference blocks plus the domains' blocks."""

    streams = (CONTENT,)

    table = TableBlock()
    faq = FAQBlock(label="FAQ")
    video = VideoEmbedBlock()


class LandingStreamBlock(ContentStreamBlock):
    """Campaign pages: every editorial block plus the campaign blocks."""

    streams = (CONTENT, LANDING)
