"""Page-number pagination with absolute `next` and `previous` links."""

from django.core.paginator import Paginator
from ninja import Field, Schema

from .errors import ApiError

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PageParams(Schema):
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def page_link(request, number):
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def paginate(request, items, params: PageParams) -> dict:
    """`items` (a queryset or list) cut to the requested page; 404 past the last page."""
    paginator = Paginator(items, params.page_size, allow_empty_first_page=True)
    if params.page > paginator.num_pages:
        raise ApiError(404, f"There are only {paginator.num_pages} pages.")
    page = paginator.page(params.page)
    return {
        "count": paginator.count,
        "next": page_link(request, page.next_page_number()) if page.has_next() else None,
        "previous": page_link(request, page.previous_page_number())
        if page.has_previous()
        else None,
        "results": list(page.object_list),
    }
