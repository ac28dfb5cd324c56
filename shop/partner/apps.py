import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    name = "shop.partner"

    def ready(self):
        super().ready()
        from oscar.apps.order.signals import (
            order_line_status_changed,
            order_placed,
            order_status_changed,
        )

        from core import page_cache

        def stock_moved(sender, **kwargs):
            # Allocations are counted with UPDATE queries, which send no save signal.
            page_cache.invalidate("catalogue")

        for signal in (order_placed, order_status_changed, order_line_status_changed):
            signal.connect(stock_moved, weak=False, dispatch_uid="page-cache-stock-moved")
