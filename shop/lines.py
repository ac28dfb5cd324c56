"""Line handlers: how other apps take part in the life of basket and order lines.

The shop sells products; some lines carry more than a product (a booked time, for one), and
what that brings belongs to the app that owns it. Such an app registers a `LineHandler` from
its `AppConfig.ready()`, and the shop calls every registered handler at each step below. The
shop imports no such app: the dependency goes one way, from them to the shop.

Every hook of the base class does nothing, so a handler overrides only the steps it needs.
"""

from decimal import Decimal

from oscar.apps.order.exceptions import UnableToPlaceOrder

ZERO = Decimal("0.00")


class LineUnavailable(UnableToPlaceOrder):
    """Something a basket line carries can no longer be had; the message says why."""


class LineHandler:
    # Product pages and the basket
    # ----------------------------

    def product_page_context(self, product, request) -> dict:
        """Extra context for the product's detail page (such as a picker of times)."""
        return {}

    def line_quantity_limit(self, product) -> tuple[int, str] | None:
        """The most units one basket line of the product may have, and the message saying so."""
        return None

    def missing_choice(self, product, options) -> str | None:
        """Why the product cannot be in the basket with these options (a service without a
        booked time), or None. `options` is None when asked about the product alone, as the
        basket form, re-ordering and wish lists do before adding it."""
        return None

    def products_needing_choice(self):
        """A `Q` over products that `missing_choice` refuses on their own (services), or None."""
        return None

    def call_to_action(self, product) -> tuple[str, str] | None:
        """The label and URL that replace "Add to basket" for the product (such as "Book")."""
        return None

    def line_display(self, line) -> dict | None:
        """What a basket or order line of this handler's shows instead of its bare title
        (for a booking: service, venue, local date and time, duration), or None."""
        return None

    # Checkout and placement
    # ----------------------

    def hold_basket(self, basket) -> list[str]:
        """Keep what the basket's lines carry (retaking what lapsed); the problems, if any."""
        return []

    def confirm_line(self, basket_line, order_line, order) -> None:
        """The order line was created, in the order's own transaction."""

    def release_basket(self, basket_id) -> None:
        """The basket's payment did not go through and the basket is the shopper's again."""

    # Order events (each inside the transaction that changes the order)
    # ------------

    def lock_order(self, order) -> None:
        """Lock the rows this handler changes when the order changes, before the order row."""

    def refuse_customer_cancellation(self, order) -> str | None:
        """Why the customer may not cancel the order as a whole, or None if they may."""
        return None

    def settled_line_ids(self, lines) -> set[int]:
        """Lines already paid back by this handler's own rules (nothing more is due on them)."""
        return set()

    def end_lines(self, order, lines, *, reason, refunds) -> int:
        """The lines were cancelled or refunded: release what they hold. `refunds` maps each
        line id to the money going back for it. Returns how many things were released."""
        return 0

    def kept_by_policy(self, order) -> Decimal:
        """Money of the order kept under this handler's rules (a late cancellation's fee)."""
        return ZERO

    # The nightly consistency check of ended orders
    # ---------------------------------------------

    def still_held(self, order_ref):
        """An `Exists` over what an ended order (`order_ref`, an OuterRef) still holds, or None."""
        return None

    def kept_by_policy_total(self, order_ref):
        """A queryset of one `total` column: `kept_by_policy` for `order_ref` in SQL, or None."""
        return None

    def count_still_held(self, order) -> int:
        return 0

    # Emails and order pages
    # ----------------------

    def describe_order_line(self, order_line) -> list[str]:
        """What the customer needs to know about the line (when and where), as short texts."""
        return []

    # The orders dashboard
    # --------------------

    def basket_line_related(self) -> tuple[str, ...]:
        """`select_related` paths from a basket line to what `line_display` reads."""
        return ()

    def order_line_related(self) -> tuple[str, ...]:
        """`select_related` paths from an order line to what the provider's view shows."""
        return ()


_handlers: list[LineHandler] = []


def register(handler: LineHandler) -> None:
    """Add a handler (once per class: `ready()` may run more than once in tests)."""
    if not any(type(existing) is type(handler) for existing in _handlers):
        _handlers.append(handler)


def handlers() -> tuple[LineHandler, ...]:
    return tuple(_handlers)


def product_page_context(product, request) -> dict:
    context = {}
    for handler in _handlers:
        context.update(handler.product_page_context(product, request))
    return context


def line_quantity_limit(product):
    limits = [limit for h in _handlers if (limit := h.line_quantity_limit(product))]
    return min(limits, default=None, key=lambda limit: limit[0])


def missing_choice(product, options=None) -> str | None:
    for handler in _handlers:
        reason = handler.missing_choice(product, options)
        if reason:
            return reason
    return None


def products_needing_choice():
    """A `Q` matching every product chosen on its own page, or None when there are none."""
    filters = [q for handler in _handlers if (q := handler.products_needing_choice()) is not None]
    if not filters:
        return None
    combined = filters[0]
    for q in filters[1:]:
        combined |= q
    return combined


def call_to_action(product) -> tuple[str, str] | None:
    for handler in _handlers:
        action = handler.call_to_action(product)
        if action:
            return action
    return None


def line_display(line) -> dict | None:
    for handler in _handlers:
        display = handler.line_display(line)
        if display:
            return display
    return None


def line_description(line) -> str | None:
    """The line as one line of text (basket, order pages, emails), from its handler's display."""
    shown = line_display(line)
    if not shown:
        return None
    return (
        f"{shown['service']} at {shown['venue']}: {shown['date']}, {shown['time']} "
        f"({shown['duration']})"
    )


def hold_basket(basket) -> list[str]:
    return [problem for handler in _handlers for problem in handler.hold_basket(basket)]


def hold_basket_or_refuse(basket) -> None:
    """Keep what the basket's lines carry, or refuse to place the order."""
    problems = hold_basket(basket)
    if problems:
        raise LineUnavailable(" ".join(problems))


def confirm_line(basket_line, order_line, order) -> None:
    for handler in _handlers:
        handler.confirm_line(basket_line, order_line, order)


def release_basket(basket_id) -> None:
    for handler in _handlers:
        handler.release_basket(basket_id)


def lock_order(order) -> None:
    for handler in _handlers:
        handler.lock_order(order)


def refuse_customer_cancellation(order) -> str | None:
    for handler in _handlers:
        reason = handler.refuse_customer_cancellation(order)
        if reason:
            return reason
    return None


def settled_line_ids(lines) -> set[int]:
    return set().union(*(handler.settled_line_ids(lines) for handler in _handlers))


def end_lines(order, lines, *, reason, refunds) -> int:
    return sum(h.end_lines(order, lines, reason=reason, refunds=refunds) for h in _handlers)


def kept_by_policy(order) -> Decimal:
    return sum((handler.kept_by_policy(order) for handler in _handlers), ZERO)


def still_held(order_ref) -> list:
    return [expr for h in _handlers if (expr := h.still_held(order_ref)) is not None]


def kept_by_policy_totals(order_ref) -> list:
    return [q for h in _handlers if (q := h.kept_by_policy_total(order_ref)) is not None]


def count_still_held(order) -> int:
    return sum(handler.count_still_held(order) for handler in _handlers)


def order_line_related() -> tuple[str, ...]:
    return tuple(path for handler in _handlers for path in handler.order_line_related())


def describe_order_line(order_line) -> list[str]:
    """The handlers' words for an order line or, when none speaks, the options it was bought
    with ("Time: Fri 04 Dec 2026, 10:00–11:00 (Tidewater Spa)")."""
    if line_display(order_line):
        return []  # the line's description already reads as a booking
    texts = [text for handler in _handlers for text in handler.describe_order_line(order_line)]
    if texts:
        return texts
    return [f"{attribute.type}: {attribute.value}" for attribute in order_line.attributes.all()]


def basket_line_related() -> tuple[str, ...]:
    return tuple(path for handler in _handlers for path in handler.basket_line_related())
