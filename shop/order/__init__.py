default_app_config = "shop.order.apps.OrderConfig"
