from django.apps import AppConfig


class ValueCycleConfig(AppConfig):
    name = "worth.apps.valuecycle"
    label = "valuecycle"
    verbose_name = "Value cycle"
