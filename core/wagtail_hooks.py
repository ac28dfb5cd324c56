from wagtail import hooks

from . import page_cache


@hooks.register("before_serve_page")
def cache_published_pages(page, request, serve_args, serve_kwargs):
    """Published pages as served to the public may be kept for anonymous visitors; previews
    and the admin never go through here."""
    page_cache.mark_cacheable(request)
