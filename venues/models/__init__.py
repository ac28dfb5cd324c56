"""Venue models: pages, their hours, people and pictures, categories, providers."""

from .applications import VenueApplication, VenueManager
from .categories import VenueCategory
from .content import TeamMember, VenueFAQ, VenueGalleryImage, VenuePageTag
from .hours import HoursException, OpeningHours
from .pages import VenueIndexPage, VenuePage
from .ratings import VenueRating

__all__ = [
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
    "VenueRating",
]
