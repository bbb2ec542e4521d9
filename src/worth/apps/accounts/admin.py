from django.contrib import admin

from worth.apps.accounts.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "user", "prefix", "created")
    readonly_fields = ("prefix", "key_hash", "created")
