"""schema.org LocalBusiness for a venue page; core.seo writes it into the page's head."""

from .hours import WEEKDAYS


def local_business(venue, schedule, page_url, image_url="", services=(), exceptions=()):
    """`exceptions`: the dated exceptions worth publishing (upcoming ones)."""
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "@id": page_url,
        "name": venue.title,
        "url": page_url,
        "description": venue.summary or venue.search_description,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.street_address,
            "addressLocality": venue.city,
            "postalCode": venue.postcode,
            "addressCountry": venue.country,
        },
        "openingHoursSpecification": opening_hours_specification(schedule, exceptions),
    }
    if venue.location:
        latitude, longitude = venue.location
        data["geo"] = {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}
    optional = {
        "telephone": venue.phone,
        "email": venue.email,
        "sameAs": venue.website,
        "image": image_url,
        "priceRange": venue.price_level_symbol,
    }
    data.update({key: value for key, value in optional.items() if value})
    if services:
        data["makesOffer"] = [
            {
                "@type": "Offer",
                "name": service.title,
                "price": str(service.price),
                "priceCurrency": service.currency,
            }
            for service in services
            if service.price is not None
        ]
    return data


def opening_hours_specification(schedule, exceptions):
    """Weekly ranges, then dated exceptions (closed days as 00:00–00:00, Google's convention)."""
    spec = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{WEEKDAYS[weekday]}",
            "opens": f"{span.opens:%H:%M}",
            "closes": f"{span.closes:%H:%M}",
        }
        for weekday, ranges in sorted(schedule.weekly.items())
        for span in ranges
    ]
    for exception in exceptions:
        day = exception.date.isoformat()
        for opens, closes in [(s.opens, s.closes) for s in exception.ranges] or [(None, None)]:
            spec.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "validFrom": day,
                    "validThrough": day,
                    "opens": f"{opens:%H:%M}" if opens else "00:00",
                    "closes": f"{closes:%H:%M}" if closes else "00:00",
                }
            )
    return spec
