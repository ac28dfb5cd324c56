import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from home.apps import HomeConfig, sync_roles_after_migrate


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
