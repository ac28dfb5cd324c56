from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Author, BlogCategory


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "role"]
    search_fields = ["name"]


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "folder-open-inverse"
    menu_label = "Categories"
    list_display = ["name", "slug"]


class BlogViewSetGroup(SnippetViewSetGroup):
    menu_label = "Blog"
    menu_icon = "doc-full"
    menu_order = 250
    items = (AuthorViewSet, BlogCategoryViewSet)


register_snippet(BlogViewSetGroup)
