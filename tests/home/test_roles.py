"""Each staff role reaches what it should and is refused what it should not."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from core.roles import ROLES

pytestmark = pytest.mark.django_db


def test_every_role_exists_with_its_permissions():
    for name, role in ROLES.items():
        group = Group.objects.get(name=name)
        granted = set(group.permissions.values_list("content_type__app_label", "codename"))
        assert set(role["permissions"]) <= granted, name


def test_editors_and_moderators_own_the_page_tree():
    editors = GroupPagePermission.objects.filter(group__name="Editors")
    moderators = GroupPagePermission.objects.filter(group__name="Moderators")
    assert {p.permission.codename for p in editors} >= {"add_page", "change_page"}
    assert "publish_page" not in {p.permission.codename for p in editors}
    assert "publish_page" in {p.permission.codename for p in moderators}


def login(client, user_factory, role):
    user = user_factory(username=role.lower().replace(" ", "-"), roles=[role])
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", list(ROLES))
def test_every_role_enters_the_wagtail_admin(client, home_page, user_factory, role):
    login(client, user_factory, role)
    assert client.get("/admin/").status_code == 200


def test_venue_providers_see_only_their_partner_in_the_dashboard(client, home_page, user_factory):
    login(client, user_factory, "Venue providers")
    assert client.get("/shop/dashboard/").status_code == 200
    assert list(client.get("/shop/dashboard/orders/").context["orders"]) == []
    assert client.get("/shop/dashboard/users/").status_code == 403
    assert client.get("/shop/dashboard/offers/").status_code == 403


@pytest.mark.parametrize("role", ["Editors", "Moderators"])
def test_content_roles_get_no_shop_dashboard(client, home_page, user_factory, role):
    login(client, user_factory, role)
    for url in ("/shop/dashboard/", "/shop/dashboard/orders/", "/shop/dashboard/users/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "order" not in response.content.decode().lower()


def test_editors_cannot_publish_or_change_site_settings(user_factory):
    editor = user_factory(username="ed", roles=["Editors"])
    assert not editor.has_perm("home.change_sitesettings")
    moderator = user_factory(username="mod", roles=["Moderators"])
    assert moderator.has_perm("home.change_sitesettings")


def test_shop_staff_manage_orders_and_catalogue(client, home_page, user_factory):
    login(client, user_factory, "Shop staff")
    for url in ("/shop/dashboard/", "/shop/dashboard/orders/", "/shop/dashboard/catalogue/"):
        assert client.get(url).status_code == 200, url


def test_shop_staff_cannot_manage_users_or_offers(client, home_page, user_factory):
    login(client, user_factory, "Shop staff")
    assert client.get("/shop/dashboard/users/").status_code == 403
    assert client.get("/shop/dashboard/offers/").status_code == 403


def test_marketers_run_offers_and_vouchers_but_see_no_orders(client, home_page, user_factory):
    login(client, user_factory, "Marketers")
    assert client.get("/shop/dashboard/offers/").status_code == 200
    assert client.get("/shop/dashboard/vouchers/").status_code == 200
    assert client.get("/shop/dashboard/orders/").status_code == 403
    assert client.get("/shop/dashboard/users/").status_code == 403


def test_shopper_has_no_admin_access(client, home_page, user_factory):
    client.force_login(user_factory(username="shopper"))
    assert client.get("/admin/").status_code == 302
    assert client.get("/shop/dashboard/").status_code in (302, 403)


def test_dashboard_link_in_wagtail_menu_only_for_shop_roles(client, home_page, user_factory):
    login(client, user_factory, "Editors")
    assert "/shop/dashboard/" not in client.get("/admin/").content.decode()
    client.logout()
    login(client, user_factory, "Shop staff")
    assert "/shop/dashboard/" in client.get("/admin/").content.decode()
