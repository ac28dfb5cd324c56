"""Model fields for PostgreSQL column types Django has no field for."""

from django.db import models


class DateTimeMultiRangeField(models.Field):
    """A `tstzmultirange` column, read as psycopg's `Multirange` of datetime ranges.

    Only read: `SearchDocument.open_ranges` is kept by a trigger and never written by the ORM."""

    description = "Set of date-time ranges"

    def db_type(self, connection):
        return "tstzmultirange"
