from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "worth.apps.core"
    label = "core"
    verbose_name = "Core"
