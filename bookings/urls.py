from django.urls import include, path

from . import manage_views, views

app_name = "bookings"

# One booking's pages, for its signed-in owner and (under link/<token>/) for its link's holder.
booking_pages = [
    ("", manage_views.detail_view, "detail"),
    ("cancel/", manage_views.cancel_view, "cancel"),
    ("reschedule/", manage_views.reschedule_view, "reschedule"),
    ("reschedule/confirm/", manage_views.reschedule_confirm_view, "reschedule-confirm"),
    ("calendar.ics", manage_views.calendar_file, "ics"),
]

urlpatterns = [
    path("", views.my_bookings, name="mine"),
    path("hold/", views.hold_view, name="hold"),
    path("services/<int:product_id>/slots/", views.free_slots_json, name="free-slots"),
    path(
        "<uuid:reference>/",
        include([path(route, view, name=name) for route, view, name in booking_pages]),
    ),
    path(
        "<uuid:reference>/link/<str:token>/",
        include([path(route, view, name=f"guest-{name}") for route, view, name in booking_pages]),
    ),
]
