from django.urls import path

from throttling.limits import rate_limit

from . import views

app_name = "site_search"

# Searches are counted per client IP (each one costs the search engine a query).
searches = rate_limit("search", methods=("GET",))
searches_json = rate_limit("search", methods=("GET",), as_json=True)
suggestions = rate_limit("search_suggest", methods=("GET",), as_json=True)

urlpatterns = [
    path("", searches(views.SearchPageView.as_view()), name="page"),
    path("api/", searches_json(views.search_api), name="api"),
    path("suggest/", suggestions(views.suggest), name="suggest"),
    path("click/", views.record_click, name="click"),
]
