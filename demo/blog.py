"""Demo blog: authors, categories, the blog index and 32 published posts with tags, generated
pictures and shoppable product or venue blocks.

It can run again: authors and categories are found by slug and brought back to the values
below; posts are created once (by slug) and then left alone, so admin edits survive.
"""

import random
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify
from oscar.core.loading import get_model
from wagtail.images import get_image_model

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage
from demo.venue_images import interior_art, portrait_art
from home.models import HomePage
from venues.models import VenuePage

BLOG_SLUG = "blog"
HERO_POOL = 8  # posts share a few generated pictures, which keeps the seed fast

AUTHORS = {
    "maya-reid": ("Maya Reid", "Editor", "Maya has visited every venue on the site, twice."),
    "tom-hale": ("Tom Hale", "Shop buyer", "Tom finds the makers behind our shop."),
    "priya-shah": ("Priya Shah", "Wellbeing writer", "Priya writes about rest, spas and sleep."),
    "sam-okafor": ("Sam Okafor", "Travel writer", "Sam plans weekends away for a living."),
}
CATEGORIES = {
    "guides": ("Guides", "Where to go and what to book, city by city."),
    "gift-ideas": ("Gift ideas", "Presents worth giving, from makers we know."),
    "wellbeing": ("Wellbeing", "Rest, warmth and the rituals that help."),
    "news": ("News", "New venues, new makers and what is coming up."),
    "makers": ("Meet the makers", "The people behind the things we sell."),
}
TOPICS = [
    ("A slow weekend in {city}", "guides", ["weekend", "city-break"]),
    ("Ten gifts for people who have everything", "gift-ideas", ["gifts", "christmas"]),
    ("How to spend a whole afternoon at a spa", "wellbeing", ["spa", "rest"]),
    ("New this month: venues and makers", "news", ["new"]),
    ("At the wheel with our potter", "makers", ["ceramics", "makers"]),
    ("Candles for long evenings", "gift-ideas", ["candles", "home"]),
    ("The sauna, explained", "wellbeing", ["sauna", "rest"]),
    ("Where to get a good haircut in {city}", "guides", ["salon", "city-break"]),
]
CITIES = ["Bristol", "Edinburgh", "London", "Brighton"]
PARAGRAPHS = [
    "We went on a grey Tuesday, which is the best test of any place: no sunshine to do the "
    "work. It passed easily. The welcome was warm, the rooms were quiet and nobody hurried us.",
    "What makes it special is the care in small things: towels that are actually warm, tea "
    "that is actually hot, and staff who remember your name the second time you come.",
    "Book ahead at weekends. Midweek mornings are calmer, and some treatments are cheaper "
    "before noon. Bring a book; you will not want to leave straight away.",
    "Everything we stock has been used at home by one of us for at least a month. If it did "
    "not earn its place on the shelf, it is not in the shop.",
]


def build_blog():
    """Authors, categories, the blog index (in the main menu) and the demo posts."""
    authors = build_authors()
    categories = build_categories()
    index = build_blog_index()
    existing = set(BlogPage.objects.child_of(index).values_list("slug", flat=True))
    rng = random.Random(7)  # the same demo every time
    heroes = build_hero_images()
    products = list(
        get_model("catalogue", "Product")
        .objects.browsable()
        .filter(stockrecords__num_in_stock__gt=0)
        .exclude(product_class__slug="venue-service")
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)[:60]
    )
    venues = list(VenuePage.objects.live().order_by("pk").values_list("pk", flat=True)[:24])
    today = timezone.localdate()
    for number in range(32):
        template, category_slug, tags = TOPICS[number % len(TOPICS)]
        city = CITIES[number // len(TOPICS) % len(CITIES)]
        title = template.format(city=city)
        if "{city}" not in template:
            title = f"{title}: the {city} edition"
        slug = slugify(title)[:80]
        if slug in existing:
            continue
        post = BlogPage(
            title=title,
            slug=slug,
            subtitle="Notes from our visits, and what we would book again.",
            summary=PARAGRAPHS[number % len(PARAGRAPHS)][:180].rsplit(" ", 1)[0] + "…",
            date=today - timedelta(days=number * 5 + 1),
            hero_image=heroes[number % len(heroes)],
            body=post_body(rng, number, products, venues),
        )
        post.authors = [authors[list(AUTHORS)[number % len(AUTHORS)]]]
        post.categories = [categories[category_slug]]
        if number % 5 == 0:
            post.categories = [categories[category_slug], categories["news"]]
        index.add_child(instance=post)
        post.tags.add(*tags)
        post.save_revision().publish()


def post_body(rng, number, products, venues):
    """Raw StreamField data: text, then a product grid (even posts) or venues (odd posts)."""
    body = [
        {"type": "paragraph", "value": f"<p>{PARAGRAPHS[number % len(PARAGRAPHS)]}</p>"},
        {"type": "heading", "value": {"text": "What we loved", "level": "h2"}},
        {"type": "paragraph", "value": f"<p>{PARAGRAPHS[(number + 1) % len(PARAGRAPHS)]}</p>"},
    ]
    if number % 2 == 0 and products:
        chosen = rng.sample(products, k=min(3, len(products)))
        body.append(
            {
                "type": "product_grid",
                "value": {"heading": "Bring it home", "products": chosen, "limit": 6},
            }
        )
    elif venues:
        chosen = rng.sample(venues, k=min(3, len(venues)))
        body.append({"type": "venue_grid", "value": {"heading": "Where to go", "venues": chosen}})
    body += [
        {
            "type": "quote",
            "value": {"text": "We booked again before we had left.", "attribution": "Our editor"},
        },
        {
            "type": "faq",
            "value": {
                "heading": "Good to know",
                "items": [
                    {"question": "Do I need to book?", "answer": "<p>At weekends, yes.</p>"},
                    {"question": "Can I buy a gift card?", "answer": "<p>Yes, in the shop.</p>"},
                ],
            },
        },
    ]
    return body


def build_authors():
    authors = {}
    for slug, (name, role, bio) in AUTHORS.items():
        author, _ = Author.objects.update_or_create(
            slug=slug, defaults={"name": name, "role": role, "bio": bio}
        )
        if author.photo_id is None:
            photo = get_image_model()(title=f"Author: {name}", file=portrait_art(name))
            photo.save()
            author.photo = photo
            author.save(update_fields=["photo"])
        authors[slug] = author
    return authors


def build_categories():
    return {
        slug: BlogCategory.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )[0]
        for slug, (name, description) in CATEGORIES.items()
    }


def build_blog_index():
    index = BlogIndexPage.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.get()
    index = home.add_child(
        instance=BlogIndexPage(
            title="Journal",
            slug=BLOG_SLUG,
            intro="Guides, gift ideas and the people behind the places and things we love.",
            show_in_menus=True,
        )
    )
    index.save_revision().publish()
    return index


def build_hero_images():
    WagtailImage = get_image_model()
    images = []
    for number in range(HERO_POOL):
        title = f"Journal picture {number + 1}"
        image = WagtailImage.objects.filter(title=title).first()
        if image is None:
            image = WagtailImage(title=title, file=interior_art(title, 1600, 900))
            image.save()
        images.append(image)
    return images
