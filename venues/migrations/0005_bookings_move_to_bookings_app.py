"""Booking and ServiceBookingSettings now belong to the bookings app (bookings 0001).

State only: the tables stay, and bookings' models use them under their old names.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("venues", "0004_bookings"),
        ("bookings", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="servicebookingsettings",
                    name="product",
                ),
                migrations.DeleteModel(
                    name="Booking",
                ),
                migrations.DeleteModel(
                    name="ServiceBookingSettings",
                ),
            ],
        ),
    ]
