from django.urls import path

from . import views

app_name = "site_search"

urlpatterns = [
    path("", views.SearchPageView.as_view(), name="page"),
    path("api/", views.search_api, name="api"),
    path("suggest/", views.suggest, name="suggest"),
    path("click/", views.record_click, name="click"),
]
