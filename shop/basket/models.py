from django.db import models
from oscar.apps.basket.abstract_models import AbstractBasket, AbstractLine

from shop import lines


class BasketAlreadySubmitted(Exception):
    """A basket that produced an order was asked to become Open or Frozen again."""


class LineRefused(ValueError):
    """The product cannot go into the basket with these options; the message says why."""


class BasketQuerySet(models.QuerySet):
    def lock(self):
        """Row-lock these baskets (in primary-key order, so two lockers cannot deadlock)."""
        return list(self.select_for_update().order_by("pk").values_list("pk", flat=True))

    def thaw_frozen(self):
        """Reopen those of these baskets that are frozen; a submitted one stays submitted."""
        return self.filter(status=self.model.FROZEN).update(status=self.model.OPEN)


class Basket(AbstractBasket):
    """Oscar's basket, for which Submitted is final.

    A submitted basket's id is its order's number; reopening it would show bought items as
    still in the basket and make every later checkout from it collide with that order. The
    model refuses to thaw or freeze it, and a check constraint ties the status to
    `date_submitted`, which `submit()` sets and `save()` never clears: any UPDATE that moves
    a submitted basket to another status fails in the database.
    """

    objects = BasketQuerySet.as_manager()

    class Meta(AbstractBasket.Meta):
        constraints = [
            models.CheckConstraint(
                name="basket_submitted_is_final",
                condition=(
                    models.Q(status="Submitted", date_submitted__isnull=False)
                    | (~models.Q(status="Submitted") & models.Q(date_submitted__isnull=True))
                ),
                violation_error_message="A submitted basket cannot change status again.",
            )
        ]

    def all_lines(self):
        """Oscar's cached lines, plus what pricing each line needs, so none costs a query."""
        if self.id is None:
            return self.lines.model.objects.none()
        if self._lines is None:
            self._lines = (
                self.lines.select_related(
                    "product__product_class", "stockrecord", *lines.basket_line_related()
                )
                .prefetch_related("attributes__option", "product__images", "product__stockrecords")
                .order_by(self._meta.pk.name)
            )
        return self._lines

    def add_product(self, product, quantity=1, options=None):
        """Oscar's add, refused for a product whose line handler needs a choice the options do
        not carry (a service without its booked time), whichever view or task asks."""
        reason = lines.missing_choice(product, options or [])
        if reason:
            raise LineRefused(reason)
        return super().add_product(product, quantity, options)

    add_product.alters_data = True

    def has_produced_an_order(self):
        """Submitted, in this copy or in the database (this copy may predate the order)."""
        if self.is_submitted or self.date_submitted is not None:
            return True
        return self.pk is not None and (
            type(self).objects.filter(pk=self.pk, status=self.SUBMITTED).exists()
        )

    def freeze(self):
        self._refuse_if_submitted("frozen")
        super().freeze()

    freeze.alters_data = True

    def thaw(self):
        self._refuse_if_submitted("thawed")
        super().thaw()

    thaw.alters_data = True

    def _refuse_if_submitted(self, change):
        if self.has_produced_an_order():
            raise BasketAlreadySubmitted(
                f"Basket {self.pk} produced an order and cannot be {change}."
            )

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is None and not self._state.adding and self.date_submitted is None:
            # A copy loaded before the order was placed must not erase its submission date:
            # leave that column alone, so the check constraint sees the stored date.
            update_fields = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "date_submitted"
            ]
        super().save(*args, update_fields=update_fields, **kwargs)


class Line(AbstractLine):
    @property
    def description(self):
        """A booked time reads as a booking; anything else as Oscar describes it."""
        return lines.line_description(self) or super().description


from oscar.apps.basket.models import *  # noqa: E402, F403
