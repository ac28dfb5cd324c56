"""Writing, editing and deleting one's review; a venue's reply and report. Thin: the rules live
in `eligibility` and `changes`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from bookings.models import Booking
from throttling.limits import rate_limit

from .changes import (
    NotAllowed,
    delete_review,
    edit_review,
    reply_to_review,
    report_review,
    submit_review,
)
from .eligibility import CannotReview, check_can_review
from .forms import EditReviewForm, ReplyForm, ReportForm, ReviewForm
from .links import LinkRefused, booking_from_review_token
from .models import VenueReview


def refused(request, message, status=403):
    return TemplateResponse(request, "reviews/refused.html", {"message": message}, status=status)


def venue_url(request, venue):
    return venue.get_url(request) or "/"


def write(request, booking, *, user):
    try:
        check_can_review(booking, user=user)
    except CannotReview as refusal:
        return refused(request, str(refusal))
    form = ReviewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = submit_review(
                booking.pk, form.review_text(), user=user, photos=form.cleaned_data["photos"]
            )
        except CannotReview as refusal:
            return refused(request, str(refusal))
        if review.is_published:
            messages.success(request, "Thank you: your review is published.")
        else:
            messages.info(request, "Thank you: your review will appear once a moderator checks it.")
        return HttpResponseRedirect(venue_url(request, booking.venue))
    return TemplateResponse(
        request,
        "reviews/write.html",
        {"form": form, "booking": booking, "venue": booking.venue},
        status=400 if form.is_bound else 200,
    )


def booking_key(request):
    return request.resolver_match.kwargs.get("reference") if request.resolver_match else None


@require_http_methods(["GET", "POST"])
@rate_limit("review_post", key=booking_key)
def write_view(request, reference):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    booking = get_object_or_404(
        Booking.objects.for_customer(request.user).select_related("venue"), reference=reference
    )
    return write(request, booking, user=request.user)


@require_http_methods(["GET", "POST"])
@rate_limit("review_post", key=booking_key)
def write_by_link_view(request, reference, token):
    try:
        booking = booking_from_review_token(reference, token)
    except LinkRefused as refusal:
        return refused(request, str(refusal), status=refusal.status)
    return write(request, booking, user=None)


def own_review(request, pk):
    return get_object_or_404(VenueReview.objects.select_related("venue"), pk=pk, user=request.user)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("review_post")
def edit_view(request, pk):
    review = own_review(request, pk)
    form = EditReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        review = edit_review(review, form.review_text(), user=request.user)
        messages.success(
            request,
            "Your review is updated."
            if review.is_published
            else "Your review will appear again once a moderator checks it.",
        )
        return HttpResponseRedirect(venue_url(request, review.venue))
    return TemplateResponse(
        request,
        "reviews/write.html",
        {"form": form, "review": review, "venue": review.venue},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_view(request, pk):
    review = own_review(request, pk)
    if request.method == "POST":
        venue = review.venue
        delete_review(review, user=request.user)
        messages.success(request, "Your review is deleted.")
        return HttpResponseRedirect(venue_url(request, venue))
    return TemplateResponse(request, "reviews/delete_confirm.html", {"review": review})


def published_review(pk):
    return get_object_or_404(
        VenueReview.objects.published().select_related("venue__partner"), pk=pk
    )


@login_required
@require_POST
def reply_view(request, pk):
    review = published_review(pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return refused(request, "Write a reply of at most 2000 characters.", status=400)
    try:
        reply_to_review(review, form.cleaned_data["reply"], user=request.user)
    except NotAllowed as refusal:
        return refused(request, str(refusal))
    messages.success(request, "Your reply is published.")
    return HttpResponseRedirect(venue_url(request, review.venue) + f"#review-{review.pk}")


@login_required
@require_POST
@rate_limit("review_report")
def report_view(request, pk):
    review = published_review(pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return refused(request, "Say briefly why this review breaks the rules.", status=400)
    try:
        report_review(review, form.cleaned_data["reason"], user=request.user)
    except NotAllowed as refusal:
        return refused(request, str(refusal))
    messages.success(request, "Thank you: a moderator will look at this review.")
    return HttpResponseRedirect(venue_url(request, review.venue) + f"#review-{review.pk}")
