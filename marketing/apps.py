from django.apps import AppConfig


class MarketingConfig(AppConfig):
    name = "marketing"
    verbose_name = "Marketing"

    def ready(self):
        from accounts import personal_data as account_data
        from core import page_cache
        from core.block_registry import CONTENT, LANDING, block_registry
        from shop import front

        from . import blocks, signals  # noqa: F401 (signals connects the receivers)
        from .attribution import touch_from
        from .personal_data import erase_newsletter_subscriptions, export_newsletter_subscriptions
        from .shop_front import current_campaign

        front.register_campaign_provider(current_campaign)
        # A visit from a campaign or another site is recorded in the session by the views' side.
        page_cache.register_request_rule(lambda request: touch_from(request) is not None)
        account_data.register_exporter("newsletter_subscriptions", export_newsletter_subscriptions)
        account_data.register_eraser(erase_newsletter_subscriptions)
        campaign_blocks = [
            ("hero", blocks.HeroBlock),
            ("voucher", blocks.VoucherRevealBlock),
            ("countdown", blocks.CountdownBlock),
            ("testimonials", blocks.TestimonialsBlock),
            ("newsletter", blocks.NewsletterSignupBlock),
            ("form", blocks.FormEmbedBlock),
        ]
        block_registry.register(
            CONTENT, "current_campaign", blocks.CurrentCampaignBlock, position=60
        )
        for position, (name, block) in enumerate(campaign_blocks, start=30):
            block_registry.register(LANDING, name, block, position=position)
