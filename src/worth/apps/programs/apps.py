from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "worth.apps.programs"
    label = "programs"
    verbose_name = "Programs and projects"
