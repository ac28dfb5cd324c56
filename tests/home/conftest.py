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
