import oscar.apps.customer.apps as apps


class CustomerConfig(apps.CustomerConfig):
    name = "shop.customer"

    def ready(self):
        super().ready()
        from accounts.navigation import Section, register_section

        # Oscar's customer pages join the one account navigation.
        register_section(
            Section(
                "orders", "Orders", "customer:order-list", 20, ("customer:order", "customer:order-")
            )
        )
        register_section(
            Section("addresses", "Addresses", "customer:address-list", 40, ("customer:address-",))
        )
        register_section(
            Section(
                "wishlists", "Wish lists", "customer:wishlists-list", 50, ("customer:wishlists-",)
            )
        )
