from django.contrib import admin

from .models import PendingTask


@admin.register(PendingTask)
class PendingTaskAdmin(admin.ModelAdmin):
    """Read-only: operators see what is waiting for the broker and why."""

    list_display = ["task", "args", "created", "next_attempt", "failures", "last_error"]
    list_filter = ["task"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
