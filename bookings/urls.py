from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("", views.my_bookings, name="mine"),
    path("hold/", views.hold_view, name="hold"),
    path("services/<int:product_id>/slots/", views.free_slots_json, name="free-slots"),
    path("<uuid:reference>/cancel/", views.cancel_view, name="cancel"),
    path("<uuid:reference>/reschedule/", views.reschedule_view, name="reschedule"),
    path("<uuid:reference>/calendar.ics", views.calendar_file, name="ics"),
]
