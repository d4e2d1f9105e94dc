from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Rôles"

    def ready(self):
        from roles import receivers  # noqa: F401 (connects the signal receivers)
