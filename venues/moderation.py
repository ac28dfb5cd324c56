"""The "Venue moderation" workflow: Moderators approve venue changes; providers hear the outcome."""

from django.db import transaction
from wagtail.models import TaskState, WorkflowState

from .tasks import send_moderation_outcome

WORKFLOW_NAME = "Venue moderation"
TASK_NAME = "Moderator approval"
MODERATORS_GROUP = "Moderators"


def ensure_venue_workflow(apps=None):
    """Create the workflow (Moderators approve) once; works with real or migration models."""
    get = apps.get_model if apps else _live_model
    Workflow = get("wagtailcore", "Workflow")
    WorkflowTask = get("wagtailcore", "WorkflowTask")
    GroupApprovalTask = get("wagtailcore", "GroupApprovalTask")
    Group = get("auth", "Group")
    ContentType = get("contenttypes", "ContentType")

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
        task.groups.set(Group.objects.filter(name=MODERATORS_GROUP))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def assign_venue_workflow(index_page, apps=None):
    """Venue pages inherit the workflow of their index page."""
    get = apps.get_model if apps else _live_model
    WorkflowPage = get("wagtailcore", "WorkflowPage")
    workflow = ensure_venue_workflow(apps)
    WorkflowPage.objects.update_or_create(page_id=index_page.pk, defaults={"workflow": workflow})


def _live_model(app_label, model_name):
    from django.apps import apps

    return apps.get_model(app_label, model_name)


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
    transaction.on_commit(
        lambda: send_moderation_outcome.delay(venue_id, user_id, approved, comment or "")
    )


def assign_workflow_to_new_index(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_venue_workflow(instance)
