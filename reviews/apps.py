from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    # Oscar's product reviews already use the label "reviews".
    label = "venue_reviews"
    verbose_name = "Venue reviews"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import personal_data
        from venues import extensions

        from .personal_data import anonymise_venue_reviews, export_venue_reviews
        from .presenting import venue_page_reviews

        personal_data.register_exporter("venue_reviews", export_venue_reviews)
        personal_data.register_eraser(anonymise_venue_reviews)
        extensions.add_venue_page_context(venue_page_reviews)
