from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "worth.apps.research"
    label = "research"
    verbose_name = "Customer value research"
