from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from worth.apps.research.models import Contact, Customer, Participation


class ContactInline(admin.TabularInline[Contact, Customer]):
    model = Contact
    extra = 0


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "salesperson")
    search_fields = ("name",)
    inlines = [ContactInline]


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("customer", "project", "subsegment", "status")
    list_filter = ("status", "project")
