"""A booking as an iCalendar file (RFC 5545), for email attachments and downloads."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from bookings.models import Booking


def booking_calendar(booking: Booking) -> bytes:
    """One VEVENT; a cancelled booking is sent as METHOD:CANCEL so calendars remove it."""
    cancelled = booking.status == Booking.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Bookings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    venue = booking.venue
    event = Event()
    event.add(
        "uid", f"booking-{booking.reference}@{urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname}"
    )
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.start)
    event.add("dtend", booking.end)
    event.add("sequence", booking.sequence + (1 if cancelled else 0))
    event.add("summary", f"{booking.service_name} at {venue.title}")
    event.add("location", vText(", ".join([venue.title, *venue.address_lines])))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if venue.email:
        organizer = vCalAddress(f"mailto:{venue.email}")
        organizer.params["cn"] = vText(venue.title)
        event["organizer"] = organizer
    calendar.add_component(event)
    return calendar.to_ical()
