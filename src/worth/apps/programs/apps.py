from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "worth.apps.programs"
    label = "programs"
    verbose_name = "Programs and projects"

    def ready(self) -> None:
        from django.contrib.auth.models import User
        from django.db.models.signals import m2m_changed

        from worth.apps.programs.access import forget_roles

        def roles_changed(sender: object, instance: object, action: str, **kwargs: object) -> None:
            # Roles changed through this very user object (user.groups.add/remove/clear/set) are read
            # again at once; the kept roles of other user objects end with their request.
            if action.startswith("post_") and isinstance(instance, User):
                forget_roles(instance)

        m2m_changed.connect(roles_changed, sender=User.groups.through, weak=False)
