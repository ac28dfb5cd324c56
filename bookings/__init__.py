"""Booking venue services: availability, holds in the basket, confirmation, cancellation."""
