"""Newsletter messages: email-safe HTML (inline styles, tables), a plain-text part and a web
version. The body renders once per send; each recipient only gets their own links swapped in."""

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from . import tokens

HREF = re.compile(r'href="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
LINK = re.compile(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.S)
BLANK_LINES = re.compile(r"\n\s*\n+")
# Stand-ins replaced per recipient; they cannot occur in editor content (not valid URLs).
UNSUBSCRIBE, PREFERENCES, OPEN_PIXEL = "%%unsubscribe%%", "%%preferences%%", "%%open%%"


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(url):
    return f"{base_url()}{url}" if url.startswith("/") else url


def render_blocks(newsletter):
    """Each block through its email template, with the data its own get_context gathers."""
    rendered = []
    for block in newsletter.body:
        context = block.block.get_context(block.value, parent_context={"request": None})
        context["base_url"] = base_url()
        if block.block_type == "product_grid":
            cards = context.get("cards", [])
            context["rows"] = [cards[i : i + 2] for i in range(0, len(cards), 2)]
        rendered.append(
            render_to_string(f"marketing/email/blocks/{block.block_type}.html", context)
        )
    # Rendered by our own templates (editor text is escaped there), so safe to insert.
    return [mark_safe(absolute_links(html_block)) for html_block in rendered]  # noqa: S308


def absolute_links(fragment):
    return HREF.sub(
        lambda m: f'href="{html.escape(absolute(html.unescape(m.group(1))))}"', fragment
    )


def html_to_text(fragment):
    text = LINK.sub(
        lambda m: f"{TAG.sub('', m.group(2)).strip()} ({html.unescape(m.group(1))})", fragment
    )
    text = TAG.sub("", text.replace("<br>", "\n").replace("</p>", "</p>\n"))
    lines = [line.strip() for line in html.unescape(text).splitlines()]
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


@dataclass
class MessageTemplate:
    """One newsletter variant rendered with stand-ins for each recipient's own links."""

    newsletter_id: int
    subject: str
    html: str
    text: str
    tracking: bool

    def personalise(self, subscriber_id, delivery_id):
        """HTML and text for one recipient: their unsubscribe and preference links, and (when
        tracking) an open pixel and every link sent through the signed click redirect."""
        token = tokens.subscriber_token(subscriber_id, delivery_id)
        links = {
            UNSUBSCRIBE: url_for("marketing:unsubscribe", token),
            PREFERENCES: url_for("marketing:preferences", token),
        }
        body = self.html
        if self.tracking:
            body = HREF.sub(lambda m: f'href="{tracked(m.group(1), delivery_id)}"', body)
            pixel = url_for("marketing:open", tokens.open_token(delivery_id))
            body = body.replace(OPEN_PIXEL, pixel)
        text = self.text
        for stand_in, url in links.items():
            body = body.replace(stand_in, url)
            text = text.replace(stand_in, url)
        return body, text, links[UNSUBSCRIBE]


@lru_cache(maxsize=16)
def url_pattern(name):
    """An absolute URL with a slot for the token: one reverse() per view, not per message."""
    return absolute(reverse(name, args=["TOKEN-SLOT"])).replace("TOKEN-SLOT", "{}")


def url_for(name, token):
    return url_pattern(name).format(token)


def tracked(url, delivery_id):
    url = html.unescape(url)
    if url in (UNSUBSCRIBE, PREFERENCES) or not url.startswith(("http://", "https://")):
        return html.escape(url)
    return url_for("marketing:click", tokens.click_token(delivery_id, url))


def web_url(newsletter):
    return absolute(reverse("marketing:web", args=[tokens.web_version_token(newsletter.pk)]))


def render_message(newsletter, variant="a", *, tracking=None):
    if tracking is None:
        tracking = newsletter.tracking_enabled and settings.NEWSLETTER_TRACKING
    blocks = render_blocks(newsletter)
    subject = newsletter.subject_for(variant)
    context = {
        "newsletter": newsletter,
        "subject": subject,
        "blocks": blocks,
        "base_url": base_url(),
        "site_name": settings.SITE_NAME,
        "unsubscribe_url": UNSUBSCRIBE,
        "preferences_url": PREFERENCES,
        "web_url": web_url(newsletter),
        "open_pixel_url": OPEN_PIXEL if tracking else "",
    }
    html_body = render_to_string("marketing/email/newsletter.html", context)
    text_context = {**context, "blocks": [html_to_text(block) for block in blocks]}
    text_body = render_to_string("marketing/email/newsletter.txt", text_context)
    return MessageTemplate(newsletter.pk, subject, html_body, text_body, tracking)


def render_web_version(newsletter):
    """The email as a page: no tracking, and links that identify nobody."""
    message = render_message(newsletter, tracking=False)
    generic = absolute(reverse("marketing:signup"))
    return message.html.replace(UNSUBSCRIBE, generic).replace(PREFERENCES, generic)


def render_preview(newsletter, mode_name):
    message = render_message(newsletter, tracking=False)
    if mode_name == "text":
        return {"text": message.text, "html": ""}
    return {"html": message.html, "text": ""}
