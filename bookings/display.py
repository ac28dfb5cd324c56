"""How a basket or order line holding a booking reads: service, venue, local day and time,
duration. The shop renders it (`shop.lines.line_display`) wherever a line is listed."""

from django.core.exceptions import ObjectDoesNotExist


def duration_text(minutes: int) -> str:
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} h"] if hours else []
    if minutes or not parts:
        parts.append(f"{minutes} min")
    return " ".join(parts)


def booking_line_display(line) -> dict | None:
    """The line's booking as text in the venue's own time zone, or None without one."""
    try:
        booking = line.booking
    except ObjectDoesNotExist:
        return None
    if booking is None:
        return None
    start, end = booking.local_start, booking.local_end
    minutes = int((booking.end - booking.start).total_seconds() // 60)
    return {
        "service": booking.service_name,
        "venue": booking.venue.title,
        "date": f"{start:%a} {start.day} {start:%b %Y}",
        "time": f"{start:%H:%M}–{end:%H:%M}",
        "duration": duration_text(minutes),
    }
