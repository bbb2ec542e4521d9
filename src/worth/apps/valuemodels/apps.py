from django.apps import AppConfig


class ValueModelsConfig(AppConfig):
    name = "worth.apps.valuemodels"
    label = "valuemodels"
    verbose_name = "Value models"
