from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from worth.apps.programs.models import Membership, Program, Project


class MembershipInline(admin.TabularInline[Membership, Project]):
    model = Membership
    extra = 1


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "sponsor", "success_target", "target_profit")


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "program", "phase")
    list_filter = ("phase", "program")
    inlines = [MembershipInline]
