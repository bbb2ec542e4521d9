from django.apps import AppConfig


class PropositionsConfig(AppConfig):
    name = "worth.apps.propositions"
    label = "propositions"
    verbose_name = "Value propositions"
