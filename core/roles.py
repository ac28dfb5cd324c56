"""The staff roles and what each may do, as data.

Wagtail's own migrations create "Editors" and "Moderators" with page and collection
permissions on the root; we add the model permissions each role needs and the groups
Wagtail does not know about. Oscar's dashboard checks model permissions per view (for
staff users), so a role's Oscar permissions decide which dashboard pages it can open.
"""

ACCESS_ADMIN = [("wagtailadmin", "access_admin")]

IMAGES_AND_DOCUMENTS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def crud(app_label, *models):
    return [
        (app_label, f"{action}_{model}")
        for model in models
        for action in ("view", "add", "change", "delete")
    ]


ROLES = {
    "Editors": {
        "permissions": ACCESS_ADMIN
        + IMAGES_AND_DOCUMENTS
        # Blog authors and categories, and the redirects that keep moved pages reachable.
        + crud("blog", "author", "blogcategory")
        + crud("wagtailredirects", "redirect"),
        "pages": ["add_page", "change_page"],
        "is_staff": False,
    },
    "Moderators": {
        "permissions": ACCESS_ADMIN
        + IMAGES_AND_DOCUMENTS
        + [("wagtailimages", "delete_image"), ("wagtaildocs", "delete_document")]
        + crud("wagtailredirects", "redirect")
        + crud("blog", "author", "blogcategory")
        + [("home", "change_sitesettings")]
        # Venue categories, and reviewing "List your venue" applications.
        + crud("venues", "venuecategory")
        + [("venues", "view_venueapplication"), ("venues", "change_venueapplication")]
        # Venue reviews held by the automatic checks, and reports of published ones.
        + [("venue_reviews", "view_venuereview"), ("venue_reviews", "change_venuereview")]
        + [("venue_reviews", "view_reviewreport"), ("venue_reviews", "change_reviewreport")],
        "pages": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        "is_staff": False,
    },
    "Venue providers": {
        # Oscar's dashboard shows partner users only their own partner's products and orders;
        # the booking rules views show a provider only their own venue's services.
        "permissions": ACCESS_ADMIN
        + [("partner", "dashboard_access")]
        + crud("bookings", "servicebookingsettings"),
        "pages": [],
        "is_staff": False,
    },
    "Marketers": {
        "permissions": ACCESS_ADMIN
        + IMAGES_AND_DOCUMENTS
        + crud(
            "offer",
            "conditionaloffer",
            "range",
            "condition",
            "benefit",
            "rangeproduct",
            "rangeproductfileupload",
        )
        + crud("voucher", "voucher", "voucherset")
        # Newsletters, subscribers and campaigns (the marketing app).
        + crud("marketing", "mailinglist", "newsletter", "campaign")
        # Subscribers join only through their own confirmation, never added by staff.
        + [("marketing", f"{action}_subscriber") for action in ("view", "change", "delete")],
        "pages": [],
        "is_staff": True,  # Oscar's dashboard only opens to staff; permissions narrow it.
    },
    "Shop staff": {
        "permissions": ACCESS_ADMIN
        + crud(
            "catalogue",
            "product",
            "category",
            "productclass",
            "productimage",
            "option",
            "attributeoptiongroup",
            "productattribute",
            "productcategory",
        )
        + crud("partner", "stockrecord", "partner", "stockalert")
        + crud(
            "order",
            "order",
            "line",
            "shippingaddress",
            "ordernote",
            "shippingevent",
            "paymentevent",
        )
        + crud("reviews", "productreview")
        + crud("shipping", "weightbased", "weightband", "orderanditemcharges")
        + crud("communication", "communicationeventtype")
        + [("analytics", "view_productrecord"), ("analytics", "view_userrecord")],
        "pages": [],
        "is_staff": True,
    },
}


def role_apps():
    """The app labels whose models the roles need."""
    named = {label for role in ROLES.values() for label, _ in role["permissions"]}
    return named | {"auth", "wagtailcore"}


def sync_roles(apps, strict=False):
    """Create the groups and grant their permissions; safe to run again after new models.

    Migrations run it non-strict (a role may name models that a later migration creates);
    after every `migrate` it runs strict, so a misspelt permission fails loudly.
    """
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    # Permissions are normally created after migrate; make sure ours exist now.
    for app_config in apps.get_app_configs():
        # Migration states leave models_module unset, which create_permissions skips.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    root = Page.objects.filter(depth=1).first()
    for name, role in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in role["permissions"]:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is None and not strict:
                continue
            if permission is None:
                raise LookupError(
                    f"Role {name!r} needs the unknown permission {app_label}.{codename}"
                )
            group.permissions.add(permission)
        for codename in role["pages"]:
            if root is None:
                continue
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
