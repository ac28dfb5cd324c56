"""Where to send someone back to: a path on this site, never a URL name or another host."""

from django.utils.http import url_has_allowed_host_and_scheme

from .text import has_control_characters


def safe_next_path(request, target, fallback="/") -> str:
    """`target` if it is a local path ("/basket/?x=1"), else `fallback`.

    `redirect()` treats a bare word as a URL name, so anything not starting with "/" is refused
    before it gets there; "//host" and "/\\host" are other hosts to a browser.
    """
    if (
        isinstance(target, str)
        and target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and not has_control_characters(target)
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return fallback
