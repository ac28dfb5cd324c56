import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db.migrations.state import ModelState, ProjectState

from core.apps import sync_roles_after_migrate
from home.apps import HomeConfig
from search.models import SearchDocument


@pytest.mark.django_db
def test_roles_are_rebuilt_after_a_flush_without_migration_state():
    """`flush` sends post_migrate with no `apps`: the installed models are used then."""
    shop_staff = Group.objects.get(name="Shop staff")
    shop_staff.permissions.clear()
    Group.objects.filter(name="Marketers").delete()

    sync_roles_after_migrate(sender=apps.get_app_config("home"))

    assert shop_staff.permissions.filter(codename="view_order").exists()
    assert Group.objects.filter(name="Marketers").exists()
    assert isinstance(apps.get_app_config("home"), HomeConfig)
    # The installed app registry is left as it was.
    assert apps.get_app_config("home").models_module is not None


@pytest.mark.django_db
def test_a_migrate_that_leaves_the_roles_apps_unmigrated_skips_the_roles():
    """`migrate search 0005` on an empty database: its state has no auth models yet."""
    Group.objects.filter(name="Marketers").delete()
    state = ProjectState()
    state.add_model(ModelState.from_model(SearchDocument))

    sync_roles_after_migrate(sender=apps.get_app_config("home"), apps=state.apps)

    assert not Group.objects.filter(name="Marketers").exists()
