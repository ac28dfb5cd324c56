from django.conf import settings
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class ShopDashboardMenuItem(MenuItem):
    """Only people Oscar lets into its dashboard see the link."""

    def is_shown(self, request):
        user = request.user
        return user.is_staff or user.has_perm("partner.dashboard_access")


@hooks.register("register_admin_menu_item")
def register_shop_dashboard_menu_item():
    return ShopDashboardMenuItem(
        "Shop dashboard",
        settings.WAGTAILADMIN_MENU_ITEM_DASHBOARD_URL,
        icon_name="tag",
        order=10000,
    )


@hooks.register("register_admin_viewset")
def register_catalogue_choosers():
    from .choosers import CHOOSERS

    return CHOOSERS
