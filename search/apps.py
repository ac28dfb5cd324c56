import oscar.apps.search.apps as oscar_search_apps


class SearchConfig(oscar_search_apps.SearchConfig):
    """Fork of Oscar's search app (label "search"): its views will query our engines."""

    name = "search"
