"""The "Blog review" workflow: Editors submit posts, Moderators approve and publish them."""

from core.workflows import assign_workflow, ensure_approval_workflow

WORKFLOW_NAME = "Blog review"
TASK_NAME = "Moderator approval (blog)"


def ensure_blog_workflow(apps=None):
    return ensure_approval_workflow(WORKFLOW_NAME, TASK_NAME, apps)


def assign_blog_workflow(index_page, apps=None):
    """Posts inherit the workflow of their blog index."""
    assign_workflow(index_page, ensure_blog_workflow(apps), apps)


def assign_workflow_to_new_index(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_blog_workflow(instance)
