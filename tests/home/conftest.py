# The blog's fixtures: product and venue blocks are tried out on blog posts and landing pages.
from tests.blog.conftest import (  # noqa: F401
    author,
    blog_index,
    guides,
    make_image,
    make_post,
    make_products,
    news,
)

# Venues and their services, for the home page's venue blocks.
from tests.bookings.conftest import make_service  # noqa: E402,F401
from tests.venues.conftest import category, make_venue, venue_index  # noqa: E402,F401
