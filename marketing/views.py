"""Public newsletter pages: sign-up, confirmation, preference centre, unsubscribe, tracking."""

import base64
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from throttling.limits import rate_limit

from . import tokens
from .attribution import remember_newsletter_click
from .forms import PreferencesForm, SignupForm
from .models import Click, Delivery, Newsletter, Subscriber
from .rendering import render_web_version
from .subscriptions import confirm, unsubscribe, update_lists

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@require_http_methods(["GET", "POST"])
@rate_limit("newsletter_signup", key=lambda request: request.POST.get("email"))
def signup(request):
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save(request, source=request.POST.get("source", "footer")[:32] or "footer")
        return redirect("marketing:signup-sent")
    return render(request, "marketing/signup.html", {"form": form})


def signup_sent(request):
    return render(request, "marketing/signup_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_subscription(request, token):
    """A button, not the GET itself, confirms: mail scanners follow links but do not press."""
    subscriber = Subscriber.objects.filter(pk=tokens.read_confirm_token(token)).first()
    if subscriber is None:
        return render(request, "marketing/link_invalid.html", status=400)
    if request.method == "POST":
        confirm(subscriber, request=request)
        return render(request, "marketing/confirmed.html", {"subscriber": subscriber})
    return render(request, "marketing/confirm.html", {"subscriber": subscriber})


def _subscriber_from(token):
    subscriber_id, delivery_id = tokens.read_subscriber_token(token)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first() if subscriber_id else None
    delivery = Delivery.objects.filter(pk=delivery_id).first() if delivery_id else None
    return subscriber, delivery


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber, _delivery = _subscriber_from(token)
    if subscriber is None:
        return render(request, "marketing/link_invalid.html", status=400)
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial={"lists": subscriber.lists.all() if subscriber.is_subscribed else []},
    )
    if request.method == "POST" and form.is_valid():
        update_lists(subscriber, list(form.cleaned_data["lists"]), request=request)
        messages.success(request, "Your choices are saved.")
        return redirect("marketing:preferences", token=token)
    return render(
        request,
        "marketing/preferences.html",
        {"form": form, "subscriber": subscriber, "token": token},
    )


@csrf_exempt  # RFC 8058: mail clients POST here with no cookie; the signed token is the proof.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    subscriber, delivery = _subscriber_from(token)
    if subscriber is None:
        return render(request, "marketing/link_invalid.html", status=400)
    if request.method == "POST":
        unsubscribe(
            subscriber,
            source="one-click" if "List-Unsubscribe" in request.POST else "link",
            request=request,
            delivery=delivery,
        )
        return render(request, "marketing/unsubscribed.html", {"token": token})
    return render(request, "marketing/unsubscribe.html", {"subscriber": subscriber, "token": token})


@never_cache
def open_pixel(request, token):
    delivery_id = tokens.read_open_token(token)
    if delivery_id:
        Delivery.objects.filter(pk=delivery_id, opened_at=None).update(opened_at=timezone.now())
    return HttpResponse(PIXEL, content_type="image/gif")


@never_cache
def click(request, token):
    """Only to the address signed into the token, and only http(s): never an open redirect."""
    delivery_id, url = tokens.read_click_token(token)
    if not url or urlsplit(url).scheme not in ("http", "https"):
        return HttpResponseBadRequest("This link is not valid.")
    delivery = Delivery.objects.filter(pk=delivery_id).first()
    if delivery is not None:
        Click.objects.create(delivery=delivery, url=url)
        # Any click proves the email was opened, even with images off.
        now = timezone.now()
        Delivery.objects.filter(pk=delivery.pk, clicked_at=None).update(clicked_at=now)
        Delivery.objects.filter(pk=delivery.pk, opened_at=None).update(opened_at=now)
        remember_newsletter_click(request, delivery.newsletter_id)
    return redirect(url)


def web_version(request, token):
    newsletter = get_object_or_404(Newsletter, pk=tokens.read_web_version_token(token) or 0)
    return HttpResponse(render_web_version(newsletter))
