from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "worth.apps.pricing"
    label = "pricing"
    verbose_name = "Pricing"
