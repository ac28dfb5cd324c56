"""Factories shared by every app's tests. Oscar's own factories cover its models."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from oscar.test.factories import create_product  # noqa: F401 (re-exported for tests)
from wagtail.models import Page, Site

from home.models import HomePage

DEFAULT_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def roles(self, create, names, **kwargs):
        """`UserFactory(roles=["Editors"])` joins those groups (and is staff if a role is)."""
        from core.roles import ROLES

        if not create or not names:
            self.save()
            return
        for name in names:
            self.groups.add(Group.objects.get(name=name))
            self.is_staff = self.is_staff or ROLES[name]["is_staff"]
        self.save()


def make_home_page(**fields):
    """A live HomePage as the default site's root, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="home-test", **fields))
    site = Site.objects.get(is_default_site=True)
    old_root_id = site.root_page_id
    site.root_page = home
    site.save()
    Page.objects.filter(id=old_root_id).exclude(id=home.id).delete()
    return home
