"""Venue models: pages, their hours, people and pictures, categories, providers."""

from .applications import VenueApplication, VenueManager
from .bookings import Booking, ServiceBookingSettings
from .categories import VenueCategory
from .content import TeamMember, VenueFAQ, VenueGalleryImage, VenuePageTag
from .hours import HoursException, OpeningHours
from .pages import VenueIndexPage, VenuePage

__all__ = [
    "Booking",
    "ServiceBookingSettings",
    "HoursException",
    "OpeningHours",
    "TeamMember",
    "VenueApplication",
    "VenueCategory",
    "VenueFAQ",
    "VenueGalleryImage",
    "VenueIndexPage",
    "VenueManager",
    "VenuePage",
    "VenuePageTag",
]
