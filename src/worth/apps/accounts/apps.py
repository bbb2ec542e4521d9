from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "worth.apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from worth.apps.accounts.signals import create_role_groups

        # accounts is the last Worth app in INSTALLED_APPS, so every permission exists by then.
        post_migrate.connect(create_role_groups, sender=self, dispatch_uid="worth-role-groups")
