"""The models as a migration sees them, to run a data migration's function on today's rows."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def apps_at(app_label, migration_name):
    """The historical models once `app_label.migration_name` is applied (the roles models
    lived in `articles` then, as the migration's own code expects)."""
    loader = MigrationExecutor(connection).loader
    return loader.project_state((app_label, migration_name)).apps
