"""Roles leave the articles app for their own again (`roles`, migration 0007).

State only: the tables never moved (`roles_role`, `roles_mission`, …, created or adopted by
0008), so the database is left as it is; `roles.0007_models_from_articles` takes the models
over and moves their content types (permissions and the admin's history follow).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_backfill_image_hashes"),
    ]

    state_operations = [
        migrations.RemoveField(
            model_name="backgrounditem",
            name="role",
        ),
        migrations.RemoveField(
            model_name="historicalalternativetitle",
            name="history_user",
        ),
        migrations.RemoveField(
            model_name="historicalalternativetitle",
            name="role",
        ),
        migrations.RemoveField(
            model_name="historicalbackgrounditem",
            name="history_user",
        ),
        migrations.RemoveField(
            model_name="historicalbackgrounditem",
            name="role",
        ),
        migrations.RemoveField(
            model_name="historicalmission",
            name="history_user",
        ),
        migrations.RemoveField(
            model_name="historicalmission",
            name="role",
        ),
        migrations.RemoveField(
            model_name="historicalrole",
            name="article",
        ),
        migrations.RemoveField(
            model_name="historicalrole",
            name="dedicated_article",
        ),
        migrations.RemoveField(
            model_name="historicalrole",
            name="history_user",
        ),
        migrations.RemoveField(
            model_name="historicalrole",
            name="image",
        ),
        migrations.RemoveField(
            model_name="mission",
            name="role",
        ),
        migrations.RemoveField(
            model_name="role",
            name="article",
        ),
        migrations.RemoveField(
            model_name="role",
            name="dedicated_article",
        ),
        migrations.RemoveField(
            model_name="role",
            name="image",
        ),
        migrations.RemoveField(
            model_name="role",
            name="tags",
        ),
        migrations.RemoveField(
            model_name="taggedrole",
            name="content_object",
        ),
        migrations.RemoveField(
            model_name="taggedrole",
            name="tag",
        ),
        migrations.DeleteModel(
            name="AlternativeTitle",
        ),
        migrations.DeleteModel(
            name="BackgroundItem",
        ),
        migrations.DeleteModel(
            name="HistoricalAlternativeTitle",
        ),
        migrations.DeleteModel(
            name="HistoricalBackgroundItem",
        ),
        migrations.DeleteModel(
            name="HistoricalMission",
        ),
        migrations.DeleteModel(
            name="HistoricalRole",
        ),
        migrations.DeleteModel(
            name="Mission",
        ),
        migrations.DeleteModel(
            name="Role",
        ),
        migrations.DeleteModel(
            name="TaggedRole",
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=state_operations, database_operations=[]
        ),
    ]
