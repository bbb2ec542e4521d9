from django.apps import AppConfig


class OfferingsConfig(AppConfig):
    name = "worth.apps.offerings"
    label = "offerings"
    verbose_name = "Offerings"
