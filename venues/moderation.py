"""The "Venue moderation" workflow: Moderators approve venue changes; providers hear the outcome."""

from wagtail.models import TaskState, WorkflowState

from core.workflows import assign_workflow, ensure_approval_workflow
from outbox.delivery import enqueue_on_commit

from .tasks import send_moderation_outcome

WORKFLOW_NAME = "Venue moderation"
TASK_NAME = "Moderator approval"


def ensure_venue_workflow(apps=None):
    return ensure_approval_workflow(WORKFLOW_NAME, TASK_NAME, apps)


def assign_venue_workflow(index_page, apps=None):
    """Venue pages inherit the workflow of their index page."""
    assign_workflow(index_page, ensure_venue_workflow(apps), apps)


def venue_of(workflow_state):
    from .models import VenuePage

    page = workflow_state.content_object
    return page.specific if page is not None and isinstance(page.specific, VenuePage) else None


def notify_provider_of_approval(sender, instance: WorkflowState, user=None, **kwargs):
    venue = venue_of(instance)
    if venue is None or instance.requested_by_id is None:
        return
    comment = latest_comment(instance, TaskState.STATUS_APPROVED)
    queue_outcome(venue.pk, instance.requested_by_id, True, comment)


def notify_provider_of_rejection(sender, instance: WorkflowState, user=None, **kwargs):
    venue = venue_of(instance)
    if venue is None or instance.requested_by_id is None:
        return
    comment = latest_comment(instance, TaskState.STATUS_REJECTED)
    queue_outcome(venue.pk, instance.requested_by_id, False, comment)


def latest_comment(workflow_state, status):
    task_state = (
        workflow_state.task_states.filter(status=status).order_by("-finished_at", "-pk").first()
    )
    return task_state.comment if task_state else ""


def queue_outcome(venue_id, user_id, approved, comment):
    enqueue_on_commit(send_moderation_outcome, venue_id, user_id, approved, comment or "")


def assign_workflow_to_new_index(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_venue_workflow(instance)
