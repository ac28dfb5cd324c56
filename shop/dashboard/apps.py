import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    # Oscar's class loader looks for a dashboard sub-app's modules (`dashboard.orders.views`)
    # under the *dashboard* app's package, so the forked orders app needs this fork too.
    name = "shop.dashboard"
