from django.contrib import admin

from accounts.models import ConsentRecord, PersonalDataExport, SuppressedEmail


class ReadOnlyAdmin(admin.ModelAdmin):
    """Evidence, not data to edit: visible to staff, changed only through the service API."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "email", "purpose", "action", "text_version", "source"]
    list_filter = ["purpose", "action", "source"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]


@admin.register(SuppressedEmail)
class SuppressedEmailAdmin(ReadOnlyAdmin):
    list_display = ["email_hash", "reason", "created_at"]
    search_fields = ["email_hash"]


@admin.register(PersonalDataExport)
class PersonalDataExportAdmin(ReadOnlyAdmin):
    list_display = ["user", "status", "created_at", "ready_at"]
    list_select_related = ["user"]
