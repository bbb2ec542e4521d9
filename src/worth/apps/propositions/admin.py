from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from worth.apps.propositions.models import Proposition


@admin.register(Proposition)
class PropositionAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["subsegment", "model", "version", "project", "updated"]
    list_filter = ["project"]
    readonly_fields = ["version", "created", "created_by", "updated", "updated_by"]
