"""Inbound rate limits for the site's own views (allauth's views use ACCOUNT_RATE_LIMITS)."""
