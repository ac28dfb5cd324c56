"""The "List your venue" form: what the venue index page's `apply/` routes answer."""

from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from outbox.delivery import enqueue_on_commit
from throttling.limits import over_limit, too_many_requests

from .forms import VenueApplicationForm
from .tasks import send_application_received, send_application_to_staff


def application_form_response(index_page, request):
    form = VenueApplicationForm(request.POST or None)
    if request.method == "POST" and over_limit(
        request, "venue_application", key=request.POST.get("email")
    ):
        return too_many_requests(request)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                application = form.save()
                enqueue_on_commit(send_application_received, application.pk)
                enqueue_on_commit(send_application_to_staff, application.pk)
        except IntegrityError:  # the same address applied twice at the same moment
            form.add_error(
                "email", "We already have an application from this address and will reply soon."
            )
        else:
            return redirect(index_page.url + index_page.reverse_subpage("apply_thanks"))
    return TemplateResponse(
        request,
        "venues/venue_apply.html",
        {"page": index_page, "self": index_page, "form": form},
    )


def application_thanks_response(index_page, request):
    return TemplateResponse(
        request, "venues/venue_apply_thanks.html", {"page": index_page, "self": index_page}
    )
