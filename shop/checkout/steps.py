"""Which checkout steps a basket goes through, for the step bar and the skip conditions.

Lines whose product needs no shipping are appointments (venue services, booked for a time):
their booker gives a name and phone number, and they never ask for a delivery address.
"""

from dataclasses import dataclass

from django.urls import reverse


def line_ships(line):
    return line.product.is_shipping_required


def appointment_lines(basket):
    return [line for line in basket.all_lines() if not line_ships(line)]


def shipped_lines(basket):
    return [line for line in basket.all_lines() if line_ships(line)]


def needs_booker_details(basket):
    return bool(appointment_lines(basket))


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    url_name: str

    @property
    def url(self):
        return reverse(self.url_name)


DETAILS = Step("details", "Your details", "checkout:booker-details")
SHIPPING_ADDRESS = Step("shipping-address", "Delivery address", "checkout:shipping-address")
SHIPPING_METHOD = Step("shipping-method", "Delivery method", "checkout:shipping-method")
# The review page takes the payment (there are no card details to collect before it).
REVIEW = Step("review", "Review and pay", "checkout:preview")


def steps_for(basket):
    """The steps this basket's checkout shows, in order."""
    steps = []
    if needs_booker_details(basket):
        steps.append(DETAILS)
    if basket.is_shipping_required():
        steps += [SHIPPING_ADDRESS, SHIPPING_METHOD]
    return [*steps, REVIEW]


def step_bar(basket, current):
    """Each step with its state: done (a link back), current, or still to come."""
    steps = steps_for(basket)
    keys = [step.key for step in steps]
    # Before the first step (the gateway) every step is still to come.
    position = keys.index(current) if current in keys else -1
    return [
        {
            "number": number,
            "label": step.label,
            "url": step.url if number - 1 < position else None,
            "state": state(number - 1, position),
        }
        for number, step in enumerate(steps, start=1)
    ]


def state(index, position):
    if index < position:
        return "done"
    return "current" if index == position else "todo"
