"""The blog: an index with category, tag and author listings and feeds, and its posts."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager, PageQuerySet, PageViewRestriction
from wagtail.search import index

from core.blocks import ContentStreamBlock
from core.routing import OneQueryViewRestrictionsMixin, known_parent, remember_parent

WORDS_PER_MINUTE = 220


class Author(index.Indexed, models.Model):
    """Someone who writes for the blog; shown on posts and in the author listing."""

    name = models.CharField(max_length=120, help_text="As shown in bylines.")
    slug = models.SlugField(
        max_length=120, unique=True, help_text="Used in the author's address: /blog/author/<slug>/."
    )
    role = models.CharField(
        max_length=120, blank=True, help_text="What they do here, e.g. “Travel editor”."
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A square head-and-shoulders picture works best.",
    )
    bio = models.TextField(blank=True, max_length=600, help_text="Two or three sentences.")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BlogCategory(models.Model):
    """A section of the blog (Guides, News…); each has its own listing and feeds."""

    name = models.CharField(max_length=80, unique=True, help_text="Short: one or two words.")
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in the address: /blog/category/<slug>/."
    )
    description = models.TextField(
        blank=True, max_length=400, help_text="Shown at the top of the category's listing."
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "blog categories"

    def __str__(self):
        return self.name


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class BlogPageQuerySet(PageQuerySet):
    def published(self):
        """Live posts without a view restriction of their own. (Wagtail's public() reads
        every restriction first; a post has no children, and the index's serve() applies any
        restriction above it.)"""
        return self.live().exclude(pk__in=PageViewRestriction.objects.values("page_id"))

    def newest_first(self):
        return self.order_by("-date", "-pk")

    def for_cards(self):
        """What a post card shows: hero image with its renditions, and the authors."""
        renditions = get_image_model().get_rendition_model().objects.all()
        return self.select_related("hero_image").prefetch_related(
            Prefetch("hero_image__renditions", queryset=renditions), "authors"
        )

    def with_neighbours(self, index):
        """Annotate each post with the title and URL path of the published posts just before
        and after it under `index` (by publication date)."""
        siblings = BlogPage.objects.child_of(index).published()
        earlier = siblings.filter(
            Q(date__lt=OuterRef("date")) | Q(date=OuterRef("date"), pk__lt=OuterRef("pk"))
        ).order_by("-date", "-pk")
        later = siblings.filter(
            Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk"))
        ).order_by("date", "pk")
        return self.annotate(
            **{
                f"{side}_{field}": Subquery(neighbours.values(field)[:1])
                for side, neighbours in (("previous", earlier), ("next", later))
                for field in ("title", "url_path")
            }
        )

    def in_category(self, category):
        return self.filter(categories=category)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def by_author(self, author):
        return self.filter(authors=author)


class BlogIndexPage(OneQueryViewRestrictionsMixin, RoutablePageMixin, Page):
    """The blog's front page: a featured post, then every post, newest first, a page at a time."""

    intro = models.TextField(
        blank=True, max_length=400, help_text="A sentence or two under the blog's title."
    )
    featured_post = models.ForeignKey(
        "blog.BlogPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown large at the top of the first page. Defaults to the newest post.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("featured_post")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPage"]
    max_count = 1
    page_size = 9

    def seo_description(self):
        return self.intro

    def posts(self):
        """The published posts under this index, newest first, ready for cards."""
        return BlogPage.objects.child_of(self).published().newest_first().for_cards()

    def paginate(self, request, posts):
        return Paginator(posts, self.page_size).get_page(request.GET.get("page"))

    def listing_context(self, request, posts, **extra):
        """A page of posts. The unfiltered blog shows its featured post above the first page
        and leaves it out of every page, so pages never repeat a post; on the first page the
        featured post and the page's posts come from one query."""
        featured = None
        if extra:
            page = self.paginate(request, posts)
        elif self.featured_post_id:
            others = posts.exclude(pk=self.featured_post_id)
            page = self.paginate(request, others)
            if page.number == 1:
                first_page = others.values("pk")[: self.page_size]
                window = list(posts.filter(Q(pk=self.featured_post_id) | Q(pk__in=first_page)))
                featured = next((p for p in window if p.pk == self.featured_post_id), None)
                if featured is None and window:  # the chosen post is not live: the newest is
                    featured = window[0]
                page.object_list = [p for p in window if p != featured]
        else:
            page = self.paginate(request, posts[1:])  # the newest post is the featured one
            if page.number == 1:
                window = list(posts[: self.page_size + 1])
                featured, page.object_list = (window[0] if window else None), window[1:]
        return {
            "posts": page,
            "featured": featured,
            "feed_links": self.feed_links(extra.get("category")),
            **extra,
        }

    def feed_links(self, category=None):
        """RSS and Atom feeds of the blog, or of the category being listed."""
        name = category.name if category else self.title
        return [
            {
                "label": "RSS",
                "title": f"{name} (RSS)",
                "type": "application/rss+xml",
                "url": self.feed_url(category),
            },
            {
                "label": "Atom",
                "title": f"{name} (Atom)",
                "type": "application/atom+xml",
                "url": self.feed_url(category, atom=True),
            },
        ]

    def route(self, request, path_components):
        # A post, its hero image and its neighbours in one query (Wagtail would take two for
        # the page alone).
        if len(path_components) == 1:
            post = (
                BlogPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("hero_image")
                .with_neighbours(self)
                .first()
            )
            if post is not None:
                return remember_parent(post, self).route(request, [])
        return super().route(request, path_components)

    @path("", name="index")
    def index_route(self, request):
        return self.render(request, context_overrides=self.listing_context(request, self.posts()))

    @path("category/<slug:slug>/", name="category")
    def category_route(self, request, slug):
        category = get_object_or_404(BlogCategory, slug=slug)
        posts = self.posts().in_category(category)
        context = self.listing_context(
            request, posts, category=category, listing_title=category.name
        )
        return self.render(request, context_overrides=context)

    @path("tag/<slug:slug>/", name="tag")
    def tag_route(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        posts = self.posts().tagged(tag)
        context = self.listing_context(
            request, posts, tag=tag, listing_title=f"Tagged “{tag.name}”"
        )
        return self.render(request, context_overrides=context)

    @path("author/<slug:slug>/", name="author")
    def author_route(self, request, slug):
        author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
        posts = self.posts().by_author(author)
        context = self.listing_context(request, posts, author=author, listing_title=author.name)
        return self.render(request, context_overrides=context)

    @path("feed/", name="feed")
    def rss_route(self, request):
        from .feeds import BlogRssFeed

        return BlogRssFeed()(request, index=self)

    @path("feed/atom/", name="atom_feed")
    def atom_route(self, request):
        from .feeds import BlogAtomFeed

        return BlogAtomFeed()(request, index=self)

    @path("category/<slug:slug>/feed/", name="category_feed")
    def category_rss_route(self, request, slug):
        from .feeds import BlogRssFeed

        return BlogRssFeed()(request, index=self, category=self.category_or_404(slug))

    @path("category/<slug:slug>/feed/atom/", name="category_atom_feed")
    def category_atom_route(self, request, slug):
        from .feeds import BlogAtomFeed

        return BlogAtomFeed()(request, index=self, category=self.category_or_404(slug))

    @staticmethod
    def category_or_404(slug):
        category = BlogCategory.objects.filter(slug=slug).first()
        if category is None:
            raise Http404("No such blog category")
        return category

    def category_url(self, category):
        return self.url + self.reverse_subpage("category", args=[category.slug])

    def tag_url(self, tag):
        return self.url + self.reverse_subpage("tag", args=[tag.slug])

    def author_url(self, author):
        return self.url + self.reverse_subpage("author", args=[author.slug])

    def feed_url(self, category=None, atom=False):
        if category is None:
            return self.url + self.reverse_subpage("atom_feed" if atom else "feed")
        name = "category_atom_feed" if atom else "category_feed"
        return self.url + self.reverse_subpage(name, args=[category.slug])


class BlogPage(OneQueryViewRestrictionsMixin, Page):
    """A blog post: stories, guides and news, with shoppable product and venue blocks."""

    subtitle = models.CharField(
        max_length=200, blank=True, help_text="A line under the title that makes people read on."
    )
    date = models.DateField(
        "Publication date",
        default=timezone.localdate,
        help_text="Shown on the post and used to order the blog; not the go-live time.",
    )
    summary = models.TextField(
        max_length=300,
        blank=True,
        help_text="One or two sentences for cards, feeds and search results. "
        "Defaults to the subtitle.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Wide landscape picture, at least 1600 pixels across; also used when shared.",
    )
    authors = ParentalManyToManyField(
        "blog.Author", blank=True, related_name="posts", help_text="Who wrote it."
    )
    categories = ParentalManyToManyField(
        "blog.BlogCategory",
        blank=True,
        related_name="posts",
        help_text="The blog sections it appears in.",
    )
    tags = ClusterTaggableManager(
        through="blog.BlogPageTag", blank=True, help_text="Topics, e.g. spa, gifts, Cornwall."
    )
    body = StreamField(
        ContentStreamBlock,
        blank=True,
        use_json_field=True,
        help_text="The post itself: text, pictures, and products or venues readers can act on.",
    )
    # Worked out from the body's text on every save, so listings never render blocks for it.
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)

    objects = PageManager.from_queryset(BlogPageQuerySet)()

    # What /api/v1/cms/pages/ shows of this page type (Wagtail's API v2): chosen, not all.
    api_fields = [
        APIField("subtitle"),
        APIField("date"),
        APIField("summary"),
        APIField("hero_image"),
        APIField("body"),
        APIField("reading_minutes"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("subtitle"),
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("authors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading="About this post",
        ),
        FieldPanel("hero_image"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("subtitle"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "blog post"

    def save(self, *args, **kwargs):
        self.reading_minutes = reading_minutes(self.body.raw_data)
        super().save(*args, **kwargs)

    # Besides the post itself, editors can preview the card that lists it on the blog.
    preview_modes = [("", "Post"), ("card", "Card in the blog listing")]

    def serve_preview(self, request, mode_name):
        if mode_name == "card":
            self.reading_minutes = reading_minutes(self.body.raw_data)
            return TemplateResponse(request, "blog/preview_card.html", {"post": self})
        return super().serve_preview(request, mode_name)

    def seo_description(self):
        return self.summary or self.subtitle

    def seo_json_ld(self, meta, request, context):
        from core.seo import article

        meta.og_type = "article"
        return [article(self, meta, request, context.get("authors", ()))]

    def blog_index(self):
        parent = known_parent(self)  # set when routed from the index
        if isinstance(parent, BlogIndexPage):
            return parent
        return BlogIndexPage.objects.ancestor_of(self).first()

    def siblings(self):
        return BlogPage.objects.sibling_of(self, inclusive=False).published()

    def neighbours(self, request=None):
        """(previous, next) published posts by publication date, or None at either end.

        Routed requests read them from the annotations made by `with_neighbours`; a preview
        asks the database."""
        if not hasattr(self, "previous_url_path"):
            annotated = BlogPage.objects.filter(pk=self.pk).with_neighbours(self.blog_index())
            self.__dict__.update(annotated.values(*NEIGHBOUR_FIELDS).first() or {})
        return tuple(
            Neighbour(title, BlogPage(title=title, url_path=url_path).get_url(request))
            if title
            else None
            for title, url_path in (
                (getattr(self, "previous_title", None), getattr(self, "previous_url_path", None)),
                (getattr(self, "next_title", None), getattr(self, "next_url_path", None)),
            )
        )

    def related_posts(self, categories, tags, limit=3):
        """Posts sharing the most of these categories and tags with this one, newest first."""
        category_ids = [category.pk for category in categories]
        tag_ids = [tag.pk for tag in tags]
        if not category_ids and not tag_ids:
            return []
        renditions = get_image_model().get_rendition_model().objects.all()
        return list(
            self.siblings()
            .filter(Q(categories__in=category_ids) | Q(tags__in=tag_ids))
            .annotate(
                overlap=Count("categories", filter=Q(categories__in=category_ids), distinct=True)
                + Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
            )
            .order_by("-overlap", "-date", "-pk")
            .select_related("hero_image")
            .prefetch_related(Prefetch("hero_image__renditions", queryset=renditions))[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Each relation is read once here; the template loops over these lists.
        previous_post, next_post = self.neighbours(request)
        categories = list(self.categories.all())
        tags = list(self.tags.all())
        context.update(
            blog_index=self.blog_index(),
            authors=list(self.authors.select_related("photo")),
            categories=categories,
            tags=tags,
            previous_post=previous_post,
            next_post=next_post,
            related_posts=self.related_posts(categories, tags),
        )
        return context


NEIGHBOUR_FIELDS = ("previous_title", "previous_url_path", "next_title", "next_url_path")


@dataclass
class Neighbour:
    """The previous or next post: enough to link to it."""

    title: str
    url: str


def reading_minutes(raw_blocks):
    """Whole minutes to read the text of a StreamField's raw data (at least one)."""
    words = len(" ".join(_texts(raw_blocks)).split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _texts(value):
    if isinstance(value, str):
        yield strip_tags(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("type", "id"):
                yield from _texts(item)
    elif isinstance(value, Sequence):  # lists, and StreamField's RawDataView
        for item in value:
            yield from _texts(item)
