"""Campaign blocks for landing pages, and the blocks a newsletter may use.

Campaign blocks are registered into the landing stream by MarketingConfig.ready(). A newsletter
body takes the base blocks plus the blocks other apps registered for newsletters; on the web
(preview, web version) each block renders with its own template, in the email with an
email-safe twin under templates/marketing/email/blocks/ (see rendering.py)."""

from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from core.block_registry import NEWSLETTER
from core.blocks import RegisteredStreamBlock
from core.validators import validate_link


class NewsletterStreamBlock(RegisteredStreamBlock):
    """Heading, paragraph, image, quote and call to action, plus the newsletter blocks of the
    shop (product card and grid) and of venues (venue card and grid)."""

    streams = (NEWSLETTER,)


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


class CurrentCampaignBlock(blocks.StructBlock):
    """A banner for a campaign: the one chosen, else the one running now (none: nothing)."""

    campaign = SnippetChooserBlock(
        "marketing.Campaign", required=False, help_text="Leave empty for the one running now."
    )
    heading = blocks.CharBlock(
        max_length=120, required=False, help_text="Defaults to the campaign page's title."
    )
    text = blocks.TextBlock(
        max_length=300, required=False, help_text="Defaults to the page's search description."
    )
    button_text = blocks.CharBlock(max_length=40, default="See the offer")

    class Meta:
        icon = "pick"
        template = "blocks/current_campaign_block.html"
        description = "The campaign of the moment, or a chosen one, as a banner."

    def get_preview_value(self):
        return self.to_python({"button_text": "See the offer"})

    def get_context(self, value, parent_context=None):
        from .shop_front import campaign_banner, current_campaign

        context = super().get_context(value, parent_context)
        chosen = value.get("campaign")
        context["campaign"] = campaign_banner(chosen) if chosen else current_campaign()
        return context
