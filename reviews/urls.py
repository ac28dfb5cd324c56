from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("visit/<uuid:reference>/", views.write_view, name="write"),
    path(
        "visit/<uuid:reference>/link/<str:token>/", views.write_by_link_view, name="write-by-link"
    ),
    path("<int:pk>/edit/", views.edit_view, name="edit"),
    path("<int:pk>/delete/", views.delete_view, name="delete"),
    path("<int:pk>/reply/", views.reply_view, name="reply"),
    path("<int:pk>/report/", views.report_view, name="report"),
]
