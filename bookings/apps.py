from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    label = "bookings"
    verbose_name = "Bookings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import pre_delete
        from oscar.core.loading import get_model

        from accounts import guest_records, personal_data
        from accounts.navigation import Section, register_section
        from search import presentation
        from shop import lines
        from venues import extensions

        from .accounts import erase_bookings, export_bookings
        from .attach import attach_guest_bookings
        from .holds import release_line_hold
        from .line_handler import BookingLineHandler
        from .next_free import search_hits_next_free, venue_cards_next_free
        from .next_free_invalidation import connect as connect_next_free_invalidation
        from .picker import venue_page_picker

        personal_data.register_exporter("bookings", export_bookings)
        personal_data.register_eraser(erase_bookings)
        guest_records.register_attacher(attach_guest_bookings)
        pre_delete.connect(
            release_line_hold,
            sender=get_model("basket", "Line"),
            dispatch_uid="bookings-release-line-hold",
        )
        lines.register(BookingLineHandler())
        extensions.add_venue_page_context(venue_page_picker)
        register_section(
            Section(
                "bookings",
                "Bookings",
                "bookings:mine",
                30,
                (
                    "bookings:detail",
                    "bookings:cancel",
                    "bookings:reschedule",
                    "bookings:reschedule-",
                ),
            )
        )
        extensions.add_venue_cards_decorator(venue_cards_next_free)
        presentation.register_hit_decorator("venue", search_hits_next_free)
        connect_next_free_invalidation()
