"""POST data for the venue editor, built like the browser builds it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

MAX_FORMS = 1000
BOOKING_FIELDS = [
    "booking_duration_minutes", "booking_buffer_minutes", "booking_capacity",
    "booking_lead_time_minutes", "booking_window_days", "free_cancellation_hours",
    "late_cancellation_refund_percent",
]  # fmt: skip


def venue_edit_data(venue, *, hours=(), exceptions=(), team=(), faqs=(), **fields):
    """A complete, valid edit form for `venue`; override fields or pass child rows as dicts."""
    data = {
        "title": venue.title,
        "slug": venue.slug,
        "summary": venue.summary,
        "category": venue.category_id or "",
        "price_level": venue.price_level or "",
        "tags": "",
        "hero_image": venue.hero_image_id or "",
        "gallery_images": inline_formset([]),
        "body": streamfield([]),
        "cancellation_policy": "",
        "street_address": venue.street_address,
        "city": venue.city,
        "postcode": venue.postcode,
        "country": venue.country,
        "latitude": "" if venue.latitude is None else str(venue.latitude),
        "longitude": "" if venue.longitude is None else str(venue.longitude),
        "phone": "",
        "email": "",
        "website": "",
        "timezone": venue.timezone,
        **{field: getattr(venue, field) for field in BOOKING_FIELDS},
        "opening_hours": inline_formset(list(hours)),
        "hours_exceptions": inline_formset(list(exceptions)),
        "team_members": inline_formset(list(team)),
        "faqs": inline_formset(list(faqs)),
        "comments": inline_formset([]),
        "search_description": "",
        "seo_title": "",
    }
    data.update(fields)
    return nested_form_data(data)


def team_member(number, sort_order=None):
    return {
        "name": f"Person {number}",
        "role": "Therapist",
        "photo": "",
        "bio": "",
        "ORDER": str(number if sort_order is None else sort_order),
    }


def faq(number):
    return {"question": f"Question {number}?", "answer": "An answer.", "ORDER": str(number)}
