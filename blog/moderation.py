"""The "Blog review" workflow: Editors submit posts, Moderators approve and publish them."""

WORKFLOW_NAME = "Blog review"
TASK_NAME = "Moderator approval (blog)"
MODERATORS_GROUP = "Moderators"


def ensure_blog_workflow(apps=None):
    """Create the workflow once; works with real or migration models."""
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


def assign_blog_workflow(index_page, apps=None):
    """Posts inherit the workflow of their blog index."""
    get = apps.get_model if apps else _live_model
    WorkflowPage = get("wagtailcore", "WorkflowPage")
    workflow = ensure_blog_workflow(apps)
    WorkflowPage.objects.update_or_create(page_id=index_page.pk, defaults={"workflow": workflow})


def assign_workflow_to_new_index(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_blog_workflow(instance)


def _live_model(app_label, model_name):
    from django.apps import apps

    return apps.get_model(app_label, model_name)
