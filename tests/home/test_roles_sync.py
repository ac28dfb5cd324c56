import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_roles_come_back_after_a_flush():
    """`flush` sends post_migrate without a migration state; the roles are rebuilt anyway."""
    call_command("flush", interactive=False, verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Editors",
        "Moderators",
        "Venue providers",
        "Marketers",
        "Shop staff",
    }
    assert Group.objects.get(name="Shop staff").permissions.filter(codename="view_order").exists()
