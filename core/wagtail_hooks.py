"""Admin and serving behaviour shared by every page type."""

from wagtail import hooks

from . import page_cache
from .moderation_messages import replace_update_message
from .page_views import site_page_viewset


@hooks.register("before_serve_page")
def cache_published_pages(page, request, serve_args, serve_kwargs):
    """Published pages as served to the public may be kept for anonymous visitors; previews
    and the admin never go through here."""
    page_cache.mark_cacheable(request)


@hooks.register("after_edit_page")
def say_what_moderation_did(request, page):
    replace_update_message(request, page)


@hooks.register("register_admin_viewset")
def page_views():
    # After Wagtail's own base page viewset (order -1), so ours serves every page type.
    return site_page_viewset
