"""The demo payment: recorded like a real payment, but nothing is charged.

Checkout offers it when Stripe is not configured, and the demo data places its orders with it,
so demo orders look like what a shopper's checkout makes.
"""

from oscar.core.loading import get_class, get_model

DEMO_PAYMENT = "Demo payment – no charge"

OrderCreator = get_class("order.utils", "OrderCreator")
OrderNumberGenerator = get_class("order.utils", "OrderNumberGenerator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventType = get_model("order", "PaymentEventType")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")


def demo_reference(order_number):
    return f"DEMO-{order_number}"


def demo_source(currency, amount, reference):
    """An unsaved payment source for `amount`, taken in full by the demo method."""
    source_type, _ = SourceType.objects.get_or_create(code="demo", defaults={"name": DEMO_PAYMENT})
    return Source(
        source_type=source_type,
        currency=currency,
        amount_allocated=amount,
        amount_debited=amount,
        reference=reference,
    )


def place_demo_order(basket, shipping_method, user=None, guest_email=""):
    """Place `basket` as an order paid by the demo method, and submit the basket."""
    charge = shipping_method.calculate(basket)
    order = OrderCreator().place_order(
        basket=basket,
        total=OrderTotalCalculator().calculate(basket, charge),
        shipping_method=shipping_method,
        shipping_charge=charge,
        user=user,
        guest_email=guest_email,
        order_number=OrderNumberGenerator().order_number(basket),
    )
    reference = demo_reference(order.number)
    source = demo_source(order.currency, order.total_incl_tax, reference)
    source.order = order
    source.save()
    paid, _ = PaymentEventType.objects.get_or_create(code="paid", defaults={"name": "Paid"})
    PaymentEvent.objects.create(
        order=order, event_type=paid, amount=order.total_incl_tax, reference=reference
    )
    basket.submit()
    return order
