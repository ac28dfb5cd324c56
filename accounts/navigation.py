"""The account area's one navigation, shared by our pages, allauth's and Oscar's customer pages.

accounts imports no feature app: the shop and bookings add their sections (orders, addresses,
wish lists, bookings) from their `AppConfig.ready()` with `register_section`. A section is
current when the page's URL name is one of its own or starts with one of its prefixes.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    order: int
    # URL names (exact, or a prefix ending in "-" or "_") whose pages belong to this section.
    matches: tuple[str, ...] = ()

    def is_current(self, view_name: str) -> bool:
        names = (self.url_name, *self.matches)
        return any(
            view_name == name or (name.endswith(("-", "_")) and view_name.startswith(name))
            for name in names
        )


_sections: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _sections[section.key] = section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: section.order)


def items_for(view_name: str) -> list[dict]:
    """Each section as (key, label, url, current) for the page named `view_name`."""
    items = []
    for section in sections():
        try:
            url = reverse(section.url_name)
        except NoReverseMatch:
            continue  # a feature switched off (wish lists) has no page to link to
        items.append(
            {
                "key": section.key,
                "label": section.label,
                "url": url,
                "current": section.is_current(view_name),
            }
        )
    return items


register_section(
    Section(
        "profile",
        "Profile",
        "accounts:profile",
        10,
        ("accounts:preferences", "customer:profile-", "customer:summary"),
    )
)
register_section(
    Section(
        "security",
        "Password and security",
        "account_change_password",
        60,
        ("account_set_password", "account_email", "mfa_", "account_reauthenticate"),
    )
)
register_section(Section("sessions", "Signed-in devices", "usersessions_list", 70))
register_section(
    Section(
        "personal-data", "Your data", "accounts:data", 80, ("accounts:export", "accounts:delete")
    )
)
