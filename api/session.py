"""/api/v1/session/: who the session belongs to, and the CSRF token its writes must send."""

from django.middleware.csrf import get_token
from ninja import Router, Schema

from .schemas import ErrorOut

router = Router(tags=["session"])


class SessionOut(Schema):
    authenticated: bool
    csrf_token: str


@router.get("/", response={200: SessionOut, 429: ErrorOut})
def session(request):
    """Also sets the csrftoken cookie; send its value as X-CSRFToken with session writes."""
    return {"authenticated": request.user.is_authenticated, "csrf_token": get_token(request)}
