"""The versioned API: one django-ninja instance, its routers, its error handling."""

from ninja import NinjaAPI

from . import basket, bookings, catalogue, errors, orders, search, session, venues

api = NinjaAPI(
    title="Harbour & Hearth API",
    version="1",
    description=(
        "Catalogue, venues and availability, search, the basket with held times, bookings. "
        'Errors always answer `{"error": "...", "errors": {"field": ["..."]}}`. Content pages, '
        "images and documents are under /api/v1/cms/ (Wagtail's API v2)."
    ),
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url="/docs/",
)
errors.install(api)

api.add_router("/catalogue/", catalogue.router)
api.add_router("/", venues.router)
api.add_router("/search/", search.router)
api.add_router("/basket/", basket.router)
api.add_router("/session/", session.router)
api.add_router("/bookings/", bookings.router)
api.add_router("/orders/", orders.router)
