from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from worth.apps.valuemodels.models import ValueModelRecord


@admin.register(ValueModelRecord)
class ValueModelRecordAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "project", "fmt", "updated", "updated_by")
