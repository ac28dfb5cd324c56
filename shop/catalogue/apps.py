import oscar.apps.catalogue.apps as apps

# Reviews and review votes are written by anyone: each counts against its own rate limit.
RATE_LIMITED_URLS = {"reviews-add": "product_review", "reviews-vote": "product_review_vote"}


class CatalogueConfig(apps.CatalogueConfig):
    name = "shop.catalogue"

    def get_url_decorator(self, pattern):
        # Oscar's documented hook for wrapping its views; the reviews app's URLs pass through
        # here as they are included under each product.
        action = RATE_LIMITED_URLS.get(pattern.name)
        if action is None or getattr(pattern.callback, "rate_limited", False):
            return super().get_url_decorator(pattern)
        return limited(action)


def limited(action):
    # Imported when URLs are built: the throttling module needs the app registry ready.
    from throttling.limits import rate_limit

    def decorate(view):
        wrapped = rate_limit(action)(view)
        wrapped.rate_limited = True  # Oscar post-processes included URLs more than once
        return wrapped

    return decorate
