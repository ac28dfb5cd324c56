"""StreamField blocks shared by every page type. Each has an icon, a template and a preview."""

from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.embeds.blocks import EmbedBlock
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


# --- Shoppable blocks: Oscar products with live price and stock ---------------------------


class ProductChooserBlock(blocks.ChooserBlock):
    """An Oscar product; loads every product of a page's blocks with what a card needs."""

    target_model = "catalogue.Product"

    @cached_property
    def widget(self):
        from .choosers import product_chooser

        return product_chooser.widget_class()

    def bulk_to_python(self, values):
        from .products import card_queryset

        found = card_queryset().in_bulk([value for value in values if value is not None])
        # A deleted product becomes None, which the templates skip.
        return [found.get(value) for value in values]

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    class Meta:
        icon = "tag"


class ShopCategoryChooserBlock(blocks.ChooserBlock):
    target_model = "catalogue.Category"

    @cached_property
    def widget(self):
        from .choosers import category_chooser

        return category_chooser.widget_class()

    class Meta:
        icon = "folder-open-inverse"


class RangeChooserBlock(blocks.ChooserBlock):
    target_model = "offer.Range"

    @cached_property
    def widget(self):
        from .choosers import range_chooser

        return range_chooser.widget_class()

    class Meta:
        icon = "list-ul"


class ProductCardBlock(blocks.StructBlock):
    product = ProductChooserBlock()
    note = blocks.CharBlock(
        max_length=200, required=False, help_text="Why you recommend it, in a sentence."
    )

    class Meta:
        icon = "tag"
        template = "blocks/product_card_block.html"
        description = "One product with its live price, stock and an add-to-basket button."

    def get_preview_value(self):
        products = sample_products(1)
        return self.to_python({"product": products[0].pk if products else None, "note": ""})

    def get_context(self, value, parent_context=None):
        from .products import product_cards

        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        cards = product_cards([value["product"]], request)
        context["card"] = cards[0] if cards else None
        return context


class ProductGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    products = blocks.ListBlock(
        # Optional rows: an editor choosing a category may leave the first empty row alone.
        ProductChooserBlock(required=False),
        required=False,
        max_num=12,
        help_text="Chosen products, in this order…",
    )
    category = ShopCategoryChooserBlock(
        required=False, help_text="…or the newest products of a shop category…"
    )
    product_range = RangeChooserBlock(
        required=False, label="Range", help_text="…or the products of an Oscar range."
    )
    limit = blocks.IntegerBlock(
        min_value=1,
        max_value=12,
        default=6,
        help_text="Most products shown from a category or range.",
    )

    class Meta:
        icon = "grid"
        template = "blocks/product_grid_block.html"
        description = "A grid of products with live prices and add-to-basket buttons."

    def get_preview_value(self):
        return self.to_python(
            {"heading": "Our picks", "products": [p.pk for p in sample_products(3)]}
        )

    def clean(self, value):
        value = super().clean(value)
        chosen = [product for product in value.get("products") or [] if product is not None]
        sources = [bool(chosen), bool(value.get("category")), bool(value.get("product_range"))]
        if sum(sources) != 1:
            raise blocks.StructBlockValidationError(
                block_errors={"products": "Choose products, or a category, or a range (just one)."}
            )
        return value

    def get_context(self, value, parent_context=None):
        from .products import product_cards, products_in_category, products_in_range

        context = super().get_context(value, parent_context)
        if value.get("category"):
            products = products_in_category(value["category"], value["limit"])
        elif value.get("product_range"):
            products = products_in_range(value["product_range"], value["limit"])
        else:
            products = list(value.get("products") or [])
        context["cards"] = product_cards(products, (parent_context or {}).get("request"))
        return context


# --- Venue blocks ---------------------------------------------------------------------------


class VenueChooserBlock(blocks.PageChooserBlock):
    """A venue page; every venue of a page's blocks loads in one query with its card data."""

    def __init__(self, **kwargs):
        kwargs.setdefault("page_type", "venues.VenuePage")
        super().__init__(**kwargs)

    def bulk_to_python(self, values):
        from venues.models import VenuePage

        found = VenuePage.objects.for_cards().in_bulk([v for v in values if v is not None])
        return [found.get(value) for value in values]

    def to_python(self, value):
        return self.bulk_to_python([value])[0]


class VenueCardBlock(blocks.StructBlock):
    venue = VenueChooserBlock()

    class Meta:
        icon = "site"
        template = "blocks/venue_grid_block.html"
        description = "One venue as a card."

    def get_preview_value(self):
        venues = sample_venues(1)
        return self.to_python({"venue": venues[0].pk if venues else None})

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["venues"] = live_venues([value["venue"]])
        return context


class VenueGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    venues = blocks.ListBlock(VenueChooserBlock(), min_num=1, max_num=12)

    class Meta:
        icon = "site"
        template = "blocks/venue_grid_block.html"
        description = "A grid of chosen venues."

    def get_preview_value(self):
        return self.to_python(
            {"heading": "Places to go", "venues": [v.pk for v in sample_venues(3)]}
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["venues"] = live_venues(value["venues"])
        return context


def sample_products(count):
    """A few public products, for the block previews in the admin's block picker."""
    from .products import card_queryset

    return list(card_queryset().filter(is_public=True, parent=None).order_by("pk")[:count])


def sample_venues(count):
    from venues.models import VenuePage

    return list(VenuePage.objects.live().for_cards().order_by("pk")[:count])


def live_venues(venues):
    """Unpublished or deleted venues drop out of a block rather than breaking it."""
    return [venue for venue in venues if venue is not None and venue.live]


class ContentStreamBlock(BaseStreamBlock):
    """Bodies of editorial pages: the base blocks plus reference, shoppable and venue blocks."""

    table = TableBlock()
    faq = FAQBlock(label="FAQ")
    video = VideoEmbedBlock()
    product_card = ProductCardBlock()
    product_grid = ProductGridBlock()
    venue_card = VenueCardBlock()
    venue_grid = VenueGridBlock()


# --- Campaign blocks for landing pages ------------------------------------------------------


class HeroBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    image = ImageBlock(required=False, help_text="Wide picture, at least 1600 pixels across.")
    button_text = blocks.CharBlock(max_length=40, required=False)
    button_page = blocks.PageChooserBlock(required=False, help_text="The button links to a page…")
    button_url = blocks.CharBlock(
        required=False,
        max_length=255,
        validators=[validate_link],
        help_text="…or to a path such as /shop/ or a full address.",
    )

    class Meta:
        icon = "image"
        template = "blocks/hero_block.html"
        preview_value = {
            "title": "The winter sale is on",
            "text": "Up to a third off candles, blankets and spa days.",
            "button_text": "Shop the sale",
            "button_url": "/shop/",
        }
        description = "A full-width banner with a headline and a button."


class VoucherChooserBlock(blocks.ChooserBlock):
    target_model = "voucher.Voucher"

    @cached_property
    def widget(self):
        from .choosers import voucher_chooser

        return voucher_chooser.widget_class()

    class Meta:
        icon = "key"


class VoucherRevealBlock(blocks.StructBlock):
    voucher = VoucherChooserBlock(help_text="An Oscar voucher; its code is shown on a click.")
    heading = blocks.CharBlock(max_length=120, default="Your code")
    text = blocks.TextBlock(required=False, max_length=300, help_text="What the code gives.")
    button_text = blocks.CharBlock(max_length=40, default="Reveal the code")

    class Meta:
        icon = "key"
        template = "blocks/voucher_reveal_block.html"
        description = "A voucher code hidden behind a button until a visitor asks for it."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        voucher = value.get("voucher")
        # An expired or deleted voucher is never shown: it would only disappoint at checkout.
        context["voucher_is_live"] = voucher is not None and voucher.is_active()
        return context

    def get_preview_value(self):
        from oscar.core.loading import get_model

        voucher = get_model("voucher", "Voucher").objects.order_by("-pk").first()
        return self.to_python({"voucher": voucher.pk if voucher else None, "heading": "Your code"})


class CountdownBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="The offer ends in")
    ends_at = blocks.DateTimeBlock(help_text="When the countdown reaches zero (site time zone).")
    finished_text = blocks.CharBlock(
        max_length=200, default="This offer has ended.", help_text="Shown once the time has passed."
    )

    class Meta:
        icon = "time"
        template = "blocks/countdown_block.html"
        description = "A live countdown to a date and time."

    def get_preview_value(self):
        from datetime import timedelta

        from django.utils import timezone

        return self.to_python(
            {
                "heading": "The offer ends in",
                "ends_at": (timezone.now() + timedelta(days=3)).isoformat(),
                "finished_text": "This offer has ended.",
            }
        )

    def get_context(self, value, parent_context=None):
        from django.utils import timezone

        context = super().get_context(value, parent_context)
        ends_at = value.get("ends_at")
        if ends_at is not None and timezone.is_naive(ends_at):
            ends_at = timezone.make_aware(ends_at)
        context["ends_at"] = ends_at
        context["has_ended"] = ends_at is None or ends_at <= timezone.now()
        return context


class TestimonialBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=500)
    name = blocks.CharBlock(max_length=80)
    detail = blocks.CharBlock(max_length=120, required=False, help_text="e.g. “Stayed in May”.")

    class Meta:
        icon = "openquote"


class TestimonialsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False, default="What guests say")
    testimonials = blocks.ListBlock(TestimonialBlock(), min_num=1, max_num=9)

    class Meta:
        icon = "openquote"
        template = "blocks/testimonials_block.html"
        preview_value = {
            "heading": "What guests say",
            "testimonials": [
                {"quote": "Worth every penny.", "name": "Sam", "detail": "Spa day, March"},
                {"quote": "We will be back.", "name": "Priya", "detail": "Weekend stay"},
            ],
        }
        description = "Quotes from happy customers."


class NewsletterSignupBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Get the newsletter")
    text = blocks.TextBlock(required=False, max_length=300)
    consent_text = blocks.CharBlock(
        max_length=300,
        default="Yes, email me news and offers. I can unsubscribe at any time.",
        help_text="The consent statement next to the tick box; it is stored with each sign-up.",
    )
    button_text = blocks.CharBlock(max_length=40, default="Sign up")

    class Meta:
        icon = "mail"
        template = "blocks/newsletter_signup_block.html"
        preview_value = {
            "heading": "Get the newsletter",
            "text": "One email a month: new venues, offers and stories.",
            "consent_text": "Yes, email me news and offers. I can unsubscribe at any time.",
            "button_text": "Sign up",
        }
        description = "An email sign-up form for the newsletter."


class FormEmbedBlock(blocks.StructBlock):
    form_page = blocks.PageChooserBlock(
        page_type="home.FormPage", help_text="A form built under Pages with the form builder."
    )
    heading = blocks.CharBlock(max_length=120, required=False)

    class Meta:
        icon = "form"
        template = "blocks/form_embed_block.html"
        description = "A form from the form builder (entries are kept with that form page)."

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        form_page = value.get("form_page")
        form_page = form_page.specific if form_page is not None else None
        context["form_page"] = form_page if form_page is not None and form_page.live else None
        context["form"] = context["form_page"].get_form() if context["form_page"] else None
        return context


class LandingStreamBlock(ContentStreamBlock):
    """Campaign pages: every editorial block plus hero, voucher, countdown and sign-ups."""

    hero = HeroBlock()
    voucher = VoucherRevealBlock()
    countdown = CountdownBlock()
    testimonials = TestimonialsBlock()
    newsletter = NewsletterSignupBlock()
    form = FormEmbedBlock()
