"""Admin behaviour shared by every page type."""

from wagtail import hooks

from .moderation_messages import replace_update_message


@hooks.register("after_edit_page")
def say_what_moderation_did(request, page):
    replace_update_message(request, page)
