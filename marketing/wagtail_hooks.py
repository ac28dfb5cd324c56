from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import NewsletterSignup


class NewsletterSignupViewSet(SnippetViewSet):
    """Sign-ups from landing pages, for reading and export; they are made by visitors only."""

    model = NewsletterSignup
    icon = "mail"
    menu_label = "Newsletter sign-ups"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["email", "source_page", "created_at"]
    list_export = ["email", "source_page", "consent_text", "ip_address", "created_at"]
    search_fields = ["email"]
    inspect_view_enabled = True


register_snippet(NewsletterSignupViewSet)
