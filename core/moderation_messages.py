"""Say what a moderation action did. Wagtail's edit view ends every workflow action with
"Page '…' has been updated", whether the moderator published the page or sent it back."""

import json

from django.contrib import messages
from wagtail.admin import messages as admin_messages
from wagtail.models import WorkflowState


def outcome_message(page, action, comment=""):
    """ "Approved and published", "Rejected with comment: …", or what comes next."""
    title = page.get_admin_display_title()
    state = (
        page.workflow_states.order_by("-created_at", "-pk").first()
        if action in ("approve", "reject")
        else None
    )
    if state is None:
        return None
    said = f" Comment: “{comment}”" if comment else ""
    if action == "reject":
        if comment:
            return f"Rejected with comment: “{comment}”. '{title}' is back with its author."
        return f"Rejected. '{title}' is back with its author."
    if state.status == WorkflowState.STATUS_APPROVED:
        page = type(page).objects.get(pk=page.pk)
        if page.live and not page.has_unpublished_changes:
            return f"Approved and published: '{title}' is live.{said}"
        return f"Approved: '{title}' will go live when its scheduled time comes.{said}"
    if state.status == WorkflowState.STATUS_IN_PROGRESS and state.current_task_state:
        next_step = state.current_task_state.task.name
        return f"Approved. '{title}' now waits for “{next_step}”.{said}"
    return None


def workflow_comment(request):
    try:
        extra = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        return ""
    return (extra.get("comment") or "").strip() if isinstance(extra, dict) else ""


def replace_update_message(request, page):
    """After the edit view performed a workflow action: its generic success message becomes
    the outcome."""
    action = request.POST.get("workflow-action-name")
    if not action:
        return
    message = outcome_message(page, action, workflow_comment(request))
    if message is None:
        return
    storage = messages.get_messages(request)
    queued = list(storage)  # reading marks them shown; the ones we keep are added back
    generic = admin_messages.render(
        f"Page '{page.get_admin_display_title()}' has been updated.", None
    )
    for old in queued:
        if str(old.message).strip() != generic.strip():
            messages.add_message(request, old.level, old.message, extra_tags=old.extra_tags)
    admin_messages.success(request, message)
