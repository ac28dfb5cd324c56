from django.contrib import messages
from django.core.validators import RegexValidator
from django.db import models
from django.shortcuts import redirect
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from core.blocks import ContentStreamBlock, LandingStreamBlock
from core.routing import route_through_specific_child
from core.validators import validate_link


class HomePage(Page):
    """The site's root page: a hero with a call to action, an intro and free sections."""

    hero_title = models.CharField(
        max_length=120, blank=True, help_text="Defaults to the page title."
    )
    hero_text = models.TextField(blank=True, max_length=400)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_cta_text = models.CharField("Button text", max_length=40, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Button links to",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_url = models.CharField(
        "…or to this address",
        max_length=255,
        blank=True,
        validators=[validate_link],
        help_text="A path such as /shop/ or a full address.",
    )
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    body = StreamField(ContentStreamBlock, blank=True, use_json_field=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_text"),
                FieldPanel("hero_cta_page"),
                FieldPanel("hero_cta_url"),
            ],
            heading="Hero",
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def route(self, request, path_components):
        # Every section (blog, venues, pages) is found in one query rather than two.
        return route_through_specific_child(self, request, path_components, super().route)

    def get_context(self, request, *args, **kwargs):
        from .booking_search import booking_search

        context = super().get_context(request, *args, **kwargs)
        context["booking_search"] = booking_search()
        return context

    def seo_description(self):
        return self.hero_text or self.intro

    def seo_json_ld(self, meta, request, context):
        from core.seo import organization, website

        brand = SiteSettings.for_request(request)  # cached on the request; the header read it too
        return [organization(request, brand), website(request)]

    @property
    def hero_cta_href(self):
        if self.hero_cta_page_id:
            return self.hero_cta_page.url
        return self.hero_cta_url


class ContentPage(Page):
    """A plain page for the pages every site has: about, delivery, contact."""

    intro = models.TextField(blank=True, max_length=400)
    body = StreamField(ContentStreamBlock, blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]

    def seo_description(self):
        return self.intro


class LandingPage(RoutablePageMixin, Page):
    """A campaign page built from blocks: hero, products, vouchers, countdowns, sign-ups."""

    intro = models.TextField(
        blank=True, max_length=400, help_text="Used for sharing and search when set."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Picture used when the page is shared (the hero block shows its own).",
    )
    hide_navigation = models.BooleanField(
        "Hide the main navigation",
        default=False,
        help_text="A focused campaign page: only the logo stays in the header.",
    )
    body = StreamField(
        LandingStreamBlock,
        blank=True,
        use_json_field=True,
        help_text="Build the campaign from blocks: hero, products, voucher, countdown, sign-up.",
    )

    # What /api/v1/cms/pages/ shows of this page type (Wagtail's API v2): chosen, not all.
    api_fields = [
        APIField("intro"),
        APIField("hero_image"),
        APIField("body"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("hide_navigation")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.FormPage"]

    @path("newsletter/", name="newsletter")
    def newsletter_route(self, request):
        """Sign-ups from the page's newsletter block: errors show on the page itself."""
        from marketing.forms import NewsletterSignupForm
        from throttling.limits import over_limit, too_many_requests

        if request.method != "POST":
            return redirect(self.url)
        if over_limit(request, "newsletter_signup", key=request.POST.get("email")):
            return too_many_requests(request)
        form = NewsletterSignupForm(request.POST, consent_texts=self.newsletter_consent_texts())
        if form.is_valid():
            form.save(source_page=self, request=request)
            messages.success(request, "Thank you: please confirm with the link we have emailed.")
            return redirect(self.url + "#newsletter")
        return self.render(request, context_overrides={"newsletter_form": form})

    def seo_description(self):
        return self.intro

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["newsletter_url"] = self.url + self.reverse_subpage("newsletter")
        return context

    def newsletter_consent_texts(self):
        """The consent statements this page shows, so a sign-up stores the one it agreed to."""
        return [
            block.value["consent_text"] for block in self.body if block.block_type == "newsletter"
        ]


class FormPage(AbstractEmailForm):
    """A form made with Wagtail's form builder; a landing page can embed it with a block."""

    intro = RichTextField(
        blank=True, features=["bold", "italic", "link"], help_text="Shown above the form."
    )
    thank_you_text = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Shown after the form is sent.",
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            "Email the entries (optional)",
        ),
    ]

    parent_page_types = ["home.HomePage", "home.ContentPage", "home.LandingPage"]
    subpage_types = []

    def seo_description(self):
        return self.intro

    def send_mail(self, form):
        """Entries are emailed by a worker once the submission is saved, never in the request."""
        from outbox.delivery import enqueue_on_commit

        from .tasks import send_form_entry_email

        addresses = [address.strip() for address in self.to_address.split(",") if address.strip()]
        content = self.render_email(form)
        subject, sender = self.subject or f"New entry: {self.title}", self.from_address
        enqueue_on_commit(send_form_entry_email, subject, content, addresses, sender)


class FormField(AbstractFormField):
    page = ParentalKey(FormPage, on_delete=models.CASCADE, related_name="form_fields")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Brand, contact details and footer, edited under Settings in the Wagtail admin."""

    # Every page's header shows the logo: loaded with the settings, not by a query of its own.
    select_related = ["logo"]

    brand_name = models.CharField(max_length=80, blank=True, help_text="Defaults to the site name.")
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tagline = models.CharField(max_length=160, blank=True)
    brand_colour = models.CharField(
        max_length=7,
        default="#0e4a5a",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "A colour such as #0e4a5a.")],
        help_text="The header and buttons of the site's emails.",
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True, max_length=400)
    instagram_url = models.URLField("Instagram", blank=True)
    facebook_url = models.URLField("Facebook", blank=True)
    x_url = models.URLField("X (Twitter)", blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    footer_text = RichTextField(blank=True, features=["bold", "italic", "link"])

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("brand_name"),
                FieldPanel("logo"),
                FieldPanel("tagline"),
                FieldPanel("brand_colour"),
            ],
            "Brand",
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")],
            "Contact",
        ),
        MultiFieldPanel(
            [
                FieldPanel("instagram_url"),
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("linkedin_url"),
            ],
            "Social links",
        ),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = "Site settings"

    @property
    def social_links(self):
        links = [
            ("Instagram", self.instagram_url),
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("LinkedIn", self.linkedin_url),
        ]
        return [(name, url) for name, url in links if url]
