"""Moderation workflows made of one "Moderators approve" step, created once and attached to
the index page whose children follow them. Works with real or migration models (`apps`)."""

MODERATORS_GROUP = "Moderators"


def ensure_approval_workflow(name, task_name, apps=None):
    """The workflow `name` with a single group-approval task for Moderators; created once."""
    get = apps.get_model if apps else _live_model
    Workflow = get("wagtailcore", "Workflow")
    WorkflowTask = get("wagtailcore", "WorkflowTask")
    GroupApprovalTask = get("wagtailcore", "GroupApprovalTask")
    Group = get("auth", "Group")
    ContentType = get("contenttypes", "ContentType")

    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(name=task_name, content_type=task_type, active=True)
        task.groups.set(Group.objects.filter(name=MODERATORS_GROUP))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def assign_workflow(index_page, workflow, apps=None):
    """Pages below `index_page` inherit `workflow`."""
    get = apps.get_model if apps else _live_model
    WorkflowPage = get("wagtailcore", "WorkflowPage")
    WorkflowPage.objects.update_or_create(page_id=index_page.pk, defaults={"workflow": workflow})


def _live_model(app_label, model_name):
    from django.apps import apps

    return apps.get_model(app_label, model_name)
