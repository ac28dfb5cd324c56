"""One design for every email the site sends: a branded HTML layout and its plain-text twin.

Each sender writes only its message (plain text, optionally HTML); `compose` puts it between the
brand's header, the one sign-off and the footer. Oscar's communication templates reach the same
layout by extending it (`oscar/communication/emails/base.*`), so there is one design whichever
way an email is rendered. Which brand (name, logo, colour, address) comes from the app that owns
the site settings, registered with `register_brand_provider`: core imports no feature app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import linebreaks_filter, urlize
from django.template.loader import render_to_string

DEFAULT_COLOUR = "#0e4a5a"


@dataclass(frozen=True)
class Brand:
    name: str
    site_url: str
    colour: str = DEFAULT_COLOUR
    logo_url: str = ""
    address_lines: tuple[str, ...] = field(default_factory=tuple)
    contact_email: str = ""


_brand_provider: Callable[[], Brand] | None = None


def register_brand_provider(provider: Callable[[], Brand]) -> None:
    global _brand_provider
    _brand_provider = provider


def default_brand() -> Brand:
    return Brand(name=settings.SITE_NAME, site_url=settings.WAGTAILADMIN_BASE_URL.rstrip("/"))


def current_brand() -> Brand:
    return _brand_provider() if _brand_provider else default_brand()


def text_as_html(text: str) -> str:
    """A plain-text message as paragraphs with clickable links."""
    return linebreaks_filter(urlize(text.strip(), autoescape=True), autoescape=False)


def compose(body_text: str, body_html: str | None = None) -> tuple[str, str]:
    """The message in the site's layout: (plain text, HTML)."""
    context = {"brand": current_brand()}
    text = render_to_string("emails/layout.txt", {**context, "body": body_text.strip()})
    html = render_to_string(
        "emails/layout.html",
        {**context, "body_html": body_html if body_html is not None else text_as_html(body_text)},
    )
    return text.strip() + "\n", html


def build_message(
    subject: str,
    body_text: str,
    to: list[str],
    *,
    body_html: str | None = None,
    from_email: str | None = None,
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    text, html = compose(body_text, body_html)
    message = EmailMultiAlternatives(
        " ".join(subject.split()), text, from_email, to, headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    return message
