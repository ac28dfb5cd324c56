"""Where visitors come from: UTM parameters, ad click ids, referrer and landing page.

The last touch lives in the session (needed to attribute an order at all); the first touch is
kept in a cookie only when the visitor accepted analytics cookies and sends no opt-out signal.
When an order is placed both are copied into an OrderAttribution row, one per order."""

from contextlib import suppress
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
CLICK_IDS = ("gclid", "fbclid", "msclkid")
SESSION_KEY = "marketing_last_touch"
NEWSLETTER_SESSION_KEY = "marketing_newsletter"
OPT_IN_SESSION_KEY = "marketing_checkout_opt_in"
FIRST_TOUCH_COOKIE = "hh_first_touch"
CONSENT_COOKIE = "analytics_consent"  # set to "yes" by the cookie banner
# Orders placed by the payment webhook have no request: checkout pages leave the touches here.
BASKET_CACHE_KEY = "marketing:basket-touches:{}"
current_request = ContextVar("marketing_current_request", default=None)


def touch_from(request):
    """The marketing facts of this request, or None when it carries none."""
    params = {key: request.GET[key][:200] for key in UTM_KEYS + CLICK_IDS if request.GET.get(key)}
    referrer = request.META.get("HTTP_REFERER", "")
    external_referrer = referrer and urlsplit(referrer).hostname != request.get_host().split(":")[0]
    if not params and not external_referrer:
        return None
    return {
        **params,
        "referrer": referrer[:500] if external_referrer else "",
        "landing_page": request.path[:500],
        "at": timezone.now().isoformat(),
    }


def may_use_cookie(request):
    if request.headers.get("Sec-GPC") == "1" or request.headers.get("DNT") == "1":
        return False
    return request.COOKIES.get(CONSENT_COOKIE) == "yes"


class AttributionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        touch = touch_from(request) if request.method == "GET" else None
        if request.method == "POST" and request.path.startswith("/shop/checkout/"):
            remember_checkout_opt_in(request)
        if touch is not None and hasattr(request, "session"):
            request.session[SESSION_KEY] = touch
            record_campaign_visit(request, touch)
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        if request.path.startswith("/shop/checkout/"):
            remember_for_basket(request)
        if (
            touch is not None
            and FIRST_TOUCH_COOKIE not in request.COOKIES
            and may_use_cookie(request)
        ):
            response.set_cookie(
                FIRST_TOUCH_COOKIE,
                signing.dumps(touch, salt="marketing.first-touch", compress=True),
                max_age=settings.ATTRIBUTION_COOKIE_DAYS * 86400,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response


def record_campaign_visit(request, touch):
    from .models import Campaign, CampaignVisit

    slug = touch.get("utm_campaign")
    if not slug:
        return
    campaign = Campaign.objects.filter(slug=slug).only("pk").first()
    if campaign is None:
        return
    if not request.session.session_key:
        request.session.save()
    # The same session twice at once is counted once either way.
    with suppress(IntegrityError):
        CampaignVisit.objects.get_or_create(
            campaign=campaign,
            session_key=request.session.session_key,
            defaults={"day": timezone.localdate()},
        )


def remember_newsletter_click(request, newsletter_id):
    if hasattr(request, "session"):
        request.session[NEWSLETTER_SESSION_KEY] = newsletter_id
        request.session[SESSION_KEY] = {
            "utm_source": "newsletter",
            "utm_medium": "email",
            "utm_campaign": f"newsletter-{newsletter_id}",
            "landing_page": request.path[:500],
            "at": timezone.now().isoformat(),
        }


def first_touch(request):
    raw = request.COOKIES.get(FIRST_TOUCH_COOKIE)
    if not raw:
        return {}
    try:
        value = signing.loads(raw, salt="marketing.first-touch")
    except signing.BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


def remember_checkout_opt_in(request):
    """The unticked newsletter box on the order preview; the order placement reads it back."""
    if "newsletter_opt_in_offered" in request.POST and hasattr(request, "session"):
        request.session[OPT_IN_SESSION_KEY] = request.POST.get("newsletter_opt_in") == "on"


def touches_of(request):
    session = getattr(request, "session", None) or {}
    if not hasattr(request, "COOKIES"):
        return {}
    return {
        "last": dict(session.get(SESSION_KEY) or {}),
        "first": first_touch(request),
        "newsletter": session.get(NEWSLETTER_SESSION_KEY),
        "opt_in": bool(session.get(OPT_IN_SESSION_KEY)),
    }


def remember_for_basket(request):
    basket = getattr(request, "basket", None)
    touches = touches_of(request)
    if basket is not None and basket.pk and any(touches.values()):
        cache.set(BASKET_CACHE_KEY.format(basket.pk), touches, 60 * 60 * 48)


def checkout_touches(order, request=None):
    """From the request placing the order, or (webhook) what its checkout pages left behind."""
    touches = touches_of(request) if request is not None else {}
    if any(touches.values()):
        return touches
    # The payment webhook's request is Stripe's, with an empty session.
    return cache.get(BASKET_CACHE_KEY.format(order.basket_id)) or {}


def attribute_order(order, touches):
    """Copy the visitor's touches onto the order; also attribute by the vouchers it used."""
    from .models import Campaign, OrderAttribution

    last, first = touches.get("last") or {}, touches.get("first") or {}
    newsletter_id = touches.get("newsletter")
    campaign = None
    if last.get("utm_campaign"):
        campaign = Campaign.objects.filter(slug=last["utm_campaign"]).first()
    voucher_campaign = Campaign.objects.filter(
        voucher_set__vouchers__in=order.basket_discounts.exclude(voucher_id=None).values(
            "voucher_id"
        )
    ).first()
    if not (last or first or voucher_campaign):
        return None
    from marketing.models import Newsletter

    if newsletter_id and not Newsletter.objects.filter(pk=newsletter_id).exists():
        newsletter_id = None
    try:
        # A savepoint of its own: this runs inside order placement's transaction, which a
        # failed statement would otherwise leave unusable (PostgreSQL) or marked for rollback.
        with transaction.atomic():
            return OrderAttribution.objects.create(
                order=order,
                first_touch=first,
                last_touch=last,
                campaign=campaign,
                voucher_campaign=voucher_campaign,
                newsletter_id=newsletter_id,
            )
    except IntegrityError:  # placed twice (return page and webhook): the first snapshot stays
        return None
