"""Fixed choices for venue fields, shared by the models, forms and templates."""

PRICE_LEVELS = [(1, "£ · budget"), (2, "££ · moderate"), (3, "£££ · premium"), (4, "££££ · luxury")]
AMENITIES = [
    ("wifi", "Free Wi-Fi"),
    ("step_free", "Step-free access"),
    ("accessible_toilet", "Accessible toilet"),
    ("parking", "Parking"),
    ("public_transport", "Near public transport"),
    ("showers", "Showers"),
    ("lockers", "Lockers"),
    ("towels", "Towels provided"),
    ("refreshments", "Refreshments"),
    ("card_payments", "Card payments"),
    ("gift_vouchers", "Gift vouchers"),
    ("child_friendly", "Child friendly"),
    ("dog_friendly", "Dog friendly"),
]
AMENITY_LABELS = dict(AMENITIES)
