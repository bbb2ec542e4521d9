from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "worth.apps.cases"
    label = "cases"
    verbose_name = "Business cases"
