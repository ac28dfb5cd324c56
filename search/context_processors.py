"""Oscar's site-wide search form, kept out of the Wagtail admin.

Wagtail's admin headers read `search_form` from the context: Oscar's form there would put the
shop's sort options ("Price high to low") on admin listings that have no search of their own."""

from django.urls import reverse
from oscar.apps.search.context_processors import search_form as oscar_search_form


def search_form(request):
    if request.path.startswith(reverse("wagtailadmin_home")):
        return {}
    return oscar_search_form(request)
