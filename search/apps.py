import oscar.apps.search.apps as oscar_search_apps


class SearchConfig(oscar_search_apps.SearchConfig):
    """Fork of Oscar's search app (label "search"): its views query our engines."""

    name = "search"

    def ready(self):
        super().ready()
        from . import kinds, receivers  # noqa: F401 (registers every indexable kind)

        receivers.connect()
