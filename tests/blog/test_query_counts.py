"""The blog index and a post with a product grid render in a bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.blog.conftest import product_grid

pytestmark = pytest.mark.django_db

INDEX_MAX_QUERIES = 12
# A category, tag or author listing also looks up what it filters by.
LISTING_MAX_QUERIES = INDEX_MAX_QUERIES + 1
POST_MAX_QUERIES = 15


@pytest.fixture
def full_blog(make_post, make_image, guides, news, author):
    image = make_image("Hero")
    for number in range(12):
        make_post(
            categories=[guides, news][: 1 + number % 2],
            authors=[author],
            tags=["coast", f"tag{number}"],
            hero_image=image,
        )


def test_blog_index_query_bound(client, blog_index, full_blog, django_assert_max_num_queries):
    client.get("/blog/")  # renditions are made on the first view
    with django_assert_max_num_queries(INDEX_MAX_QUERIES):
        response = client.get("/blog/")
    assert response.status_code == 200
    assert len(response.context["posts"]) == 9


def test_category_listing_query_bound(client, blog_index, full_blog, django_assert_max_num_queries):
    client.get("/blog/category/guides/")
    with django_assert_max_num_queries(LISTING_MAX_QUERIES):
        assert client.get("/blog/category/guides/").status_code == 200


def post_queries(client, url):
    client.get(url)  # first view makes renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("count", [1, 10])
def test_post_with_a_product_grid_query_bound(
    client, make_post, make_products, make_image, guides, author, count
):
    image = make_image("Hero")
    make_post("Neighbour", categories=[guides], hero_image=image)
    products = make_products(count)
    post = make_post(
        "Gift guide",
        categories=[guides],
        authors=[author],
        tags=["gifts"],
        hero_image=image,
        body=[product_grid(products)],
    )
    make_post("Later", categories=[guides], hero_image=image)

    queries, response = post_queries(client, post.url)

    assert queries <= POST_MAX_QUERIES, queries
    assert response.content.decode().count('action="/shop/basket/add/') == count


def test_post_queries_do_not_grow_with_products(client, make_post, make_products):
    few = make_post("Few", body=[product_grid(make_products(2))])
    many = make_post("Many", body=[product_grid(make_products(12))])
    assert post_queries(client, few.url)[0] == post_queries(client, many.url)[0]


def test_post_queries_do_not_grow_with_authors_photos(client, make_post, make_image):
    from blog.models import Author

    def authors(count):
        return [
            Author.objects.create(
                name=f"Writer {n}", slug=f"writer-{count}-{n}", photo=make_image()
            )
            for n in range(count)
        ]

    one = make_post("One author", authors=authors(1))
    three = make_post("Three authors", authors=authors(3))
    assert post_queries(client, one.url)[0] == post_queries(client, three.url)[0]
