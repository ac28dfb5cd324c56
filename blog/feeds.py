"""RSS 2.0 and Atom feeds of the blog and of each category (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

FEED_LENGTH = 20


class BlogRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, index, category=None):
        self.request = request
        return index, category

    def title(self, obj):
        index, category = obj
        site_name = index.get_site().site_name or ""
        name = f"{index.title}: {category.name}" if category else index.title
        return f"{name} | {site_name}" if site_name else name

    def link(self, obj):
        index, category = obj
        root = index.get_site().root_url
        return root + (index.category_url(category) if category else index.url)

    def description(self, obj):
        index, category = obj
        return (category.description if category else index.intro) or index.title

    def feed_url(self, obj):
        index, category = obj
        return index.get_site().root_url + index.feed_url(category, atom=self.is_atom)

    is_atom = False

    def items(self, obj):
        index, category = obj
        posts = index.posts()
        if category is not None:
            posts = posts.in_category(category)
        # Authors come with the cards; categories are named in every item.
        return posts.prefetch_related("categories")[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary or post.subtitle

    def item_link(self, post):
        return post.get_full_url(self.request)

    def item_guid(self, post):
        return post.get_full_url(self.request)

    def item_pubdate(self, post):
        return post.first_published_at

    def item_updateddate(self, post):
        return post.last_published_at

    def item_author_name(self, post):
        return ", ".join(author.name for author in post.authors.all()) or None

    def item_categories(self, post):
        return [category.name for category in post.categories.all()]


class BlogAtomFeed(BlogRssFeed):
    feed_type = Atom1Feed
    is_atom = True

    def subtitle(self, obj):
        return self.description(obj)
