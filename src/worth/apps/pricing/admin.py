from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from worth.apps.pricing.models import InvoiceDataset, InvoiceImport, PricingPolicy


@admin.register(InvoiceDataset)
class InvoiceDatasetAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "project", "rows", "imported", "imported_by")
    readonly_fields = ("rows", "contract_text", "imported", "imported_by", "source_name")

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        # Deleted from its page, which removes the invoice lines on disk too.
        return False


@admin.register(PricingPolicy)
class PricingPolicyAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("project", "updated", "updated_by")


@admin.register(InvoiceImport)
class InvoiceImportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("source_name", "project", "user", "created", "refused", "bad_rows")
