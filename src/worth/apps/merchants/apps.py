from django.apps import AppConfig


class MerchantsConfig(AppConfig):
    name = "worth.apps.merchants"
    label = "merchants"
    verbose_name = "Value merchants"
