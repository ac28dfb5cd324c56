import oscar.apps.dashboard.orders.apps as apps
from oscar.core.loading import get_class


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    name = "shop.dashboard.orders"

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        # Order notes and the delivery address belong to the shop, not to a venue provider.
        self.permissions_map["order-detail-note"] = DashboardPermission.staff + (
            DashboardPermission.get("order", "view_order", "change_order")
        )
        self.permissions_map["order-shipping-address"] = DashboardPermission.staff + (
            DashboardPermission.get("order", "view_order")
        )
