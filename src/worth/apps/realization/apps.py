from django.apps import AppConfig


class RealizationConfig(AppConfig):
    name = "worth.apps.realization"
    label = "realization"
    verbose_name = "Value calculators and documenters"
