from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from worth.apps.cases.models import BusinessCase


@admin.register(BusinessCase)
class BusinessCaseAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["title", "project", "status", "presented", "decided"]
    list_filter = ["status", "project"]
    readonly_fields = ["figures", "version", "presented", "presented_by", "decided", "decided_by"]
