"""The sign-in records django-axes keeps (attempts, sign-ins, failures), as axes shows them,
with one change: cleaning up expired attempts deletes rows, so it takes the delete permission
(axes offers it to anyone who may read the list, and its handler failed outside a sign-in).

Registered here instead of by axes (`AXES_ENABLE_ADMIN = False` in the settings)."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin


@admin.register(AccessAttempt)
class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.action(description="Supprimer les tentatives expirées", permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        # axes stamps a sign-in request with its time; this one is a list action: now.
        request.axes_attempt_time = None
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, f"{count} tentative(s) expirée(s) supprimée(s).")


admin.site.register(AccessLog, axes_admin.AccessLogAdmin)
admin.site.register(AccessFailureLog, axes_admin.AccessFailureLogAdmin)
