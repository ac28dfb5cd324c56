from django.conf import settings
from oscar.apps.basket.middleware import BasketMiddleware as CoreBasketMiddleware


class BasketMiddleware(CoreBasketMiddleware):
    """Oscar's basket middleware, with a SameSite attribute on the anonymous basket cookie.

    Oscar sets the cookie without one (its recently-viewed cookie uses the session's), so the
    basket cookie follows SESSION_COOKIE_SAMESITE too.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        cookie = response.cookies.get(self.get_cookie_key(request))
        if cookie is not None and cookie.value:
            cookie["samesite"] = settings.SESSION_COOKIE_SAMESITE or "Lax"
        return response
