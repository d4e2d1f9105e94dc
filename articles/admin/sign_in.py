"""The sign-in records django-axes keeps (attempts, sign-ins, failures), as axes shows them,
with one change: cleaning up expired attempts deletes rows, so it takes the delete permission
(axes offers it to anyone who may read the list, and its handler failed outside a sign-in).

Registered here instead of by axes (`AXES_ENABLE_ADMIN = False` in the settings). They are
the superusers' business: editors neither see them in the sidebar nor open them, whatever
permissions their group holds."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin


class SuperusersOnly:
    """Out of the editors' sidebar and pages: only superusers see the sign-in records."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_delete_permission(request, obj)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(SuperusersOnly, axes_admin.AccessAttemptAdmin):
    @admin.action(description="Supprimer les tentatives expirées", permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        # axes stamps a sign-in request with its time; this one is a list action: now.
        request.axes_attempt_time = None
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, f"{count} tentative(s) expirée(s) supprimée(s).")


@admin.register(AccessLog)
class AccessLogAdmin(SuperusersOnly, axes_admin.AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(SuperusersOnly, axes_admin.AccessFailureLogAdmin):
    pass
