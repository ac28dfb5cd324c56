"""Every indexable kind, one small module each; importing this package registers them."""

from . import pages, posts, products, venues  # noqa: F401
