"""Fork of `oscar.config.Shop`: Oscar lives under /shop/ and Wagtail owns the home page."""

import oscar.config


class Shop(oscar.config.Shop):
    def get_urls(self):
        # Oscar's "" pattern named "home" redirects to the catalogue; "/" is Wagtail's.
        return [
            pattern for pattern in super().get_urls() if getattr(pattern, "name", None) != "home"
        ]
