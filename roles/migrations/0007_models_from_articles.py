"""Roles are an app of their own again: the models come back from `articles` (state only).

The tables kept their names throughout (`roles_*`), so nothing is created: the database is
left as `articles` had it. The models' content types move from `articles` to `roles`, so
permissions given to editors, the admin's history (`LogEntry`) and simple-history's rows
follow the models (a content type that today's code made before `migrate` ran is merged into
the moved one). Numbered after the six migrations of the first `roles` app (0001-0006, still
listed in `django_migrations` on the databases that had it): its name is none of theirs, so it
is never taken for applied.
"""

import django.contrib.postgres.search
import django.db.models.deletion
import markdownx.models
import simple_history.models
import taggit.managers
from django.conf import settings
from django.db import migrations, models


MODELS = [
    "role", "mission", "backgrounditem", "alternativetitle", "taggedrole",
    "historicalrole", "historicalmission", "historicalbackgrounditem",
    "historicalalternativetitle",
]


def move_content_types(source, target):
    """Give the models' content types the label of `target`. Today's code may have made some of
    `target`'s already (a page or command looked a model up before `migrate` ran): such a type
    is merged into the one moved, which keeps its id, permissions and history."""

    def move(apps, schema_editor):
        alias = schema_editor.connection.alias
        types = apps.get_model("contenttypes", "ContentType").objects.using(alias)
        for model in MODELS:
            moving = types.filter(app_label=source, model=model).first()
            if moving is None:
                continue
            made = types.filter(app_label=target, model=model).first()
            if made is not None:
                merge_content_type(apps, alias, made, moving)
            types.filter(pk=moving.pk).update(app_label=target)

    return move


def merge_content_type(apps, alias, duplicate, kept):
    """Move what points at `duplicate` to `kept` (a permission's users and groups join the
    same permission of `kept`), then delete `duplicate`."""
    permissions = apps.get_model("auth", "Permission").objects.using(alias)
    for permission in permissions.filter(content_type=duplicate):
        same = permissions.filter(content_type=kept, codename=permission.codename).first()
        if same is None:
            permissions.filter(pk=permission.pk).update(content_type=kept)
        else:
            same.user_set.add(*permission.user_set.all())
            same.group_set.add(*permission.group_set.all())
            permission.delete()
    for model in apps.get_models():  # the admin's history, generic relations
        if model._meta.label_lower == "auth.permission":
            continue
        for field in model._meta.fields:
            if field.is_relation and field.related_model._meta.label_lower == (
                "contenttypes.contenttype"
            ):
                rows = model._base_manager.using(alias).filter(**{field.name: duplicate})
                rows.update(**{field.name: kept})
    apps.get_model("contenttypes", "ContentType").objects.using(alias).filter(
        pk=duplicate.pk
    ).delete()


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('admin', '0003_logentry_add_action_flag_choices'),  # the history merged, if need be
        ('articles', '0021_roles_leave_for_their_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
            migrations.CreateModel(
                name='HistoricalRole',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('order', models.PositiveIntegerField(db_index=True, default=0, verbose_name='ordre')),
                    ('title', models.CharField(help_text='Par exemple « Revenue Ops Manager ».', max_length=200, verbose_name='intitulé')),
                    ('heading', models.CharField(blank=True, help_text="Le titre en tête de la page du rôle quand il diffère de l'intitulé, par exemple « Le Revenue Ops Manager » ; vide : l'intitulé.", max_length=200, verbose_name="titre tel qu'écrit")),
                    ('slug', models.SlugField(help_text="La fin de l'adresse du rôle, après celle de l'article ; unique dans l'article.", max_length=200, verbose_name='adresse (slug)')),
                    ('nickname', models.CharField(blank=True, help_text='Par exemple « le couteau suisse ».', max_length=200, verbose_name='surnom')),
                    ('intro', markdownx.models.MarkdownxField(blank=True, verbose_name='présentation (Markdown)')),
                    ('dedicated_url', models.URLField(blank=True, help_text="À défaut d'article du blog, une adresse externe.", max_length=500, verbose_name='lien vers un article dédié (URL)')),
                    ('dedicated_label', models.CharField(blank=True, max_length=200, verbose_name='texte du lien dédié')),
                    ('version', models.PositiveIntegerField(default=0, help_text="Augmente à chaque enregistrement du rôle ou de ses listes : deux rédacteurs ne s'écrasent pas sans le savoir.")),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('article', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.article', verbose_name='article')),
                    ('dedicated_article', models.ForeignKey(blank=True, db_constraint=False, help_text='Article du blog qui approfondit ce rôle.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.article', verbose_name='article dédié')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('image', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.imageasset', verbose_name='image')),
                ],
                options={
                    'verbose_name': 'version du rôle',
                    'verbose_name_plural': 'historical rôles',
                    'db_table': 'roles_historicalrole',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='Role',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('search_title', models.CharField(blank=True, editable=False, max_length=300)),
                    ('search_text', models.TextField(blank=True, editable=False)),
                    ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                    ('word_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='nombre de mots')),
                    ('rendered_meta', models.JSONField(blank=True, default=dict, editable=False)),
                    ('order', models.PositiveIntegerField(db_index=True, default=0, verbose_name='ordre')),
                    ('title', models.CharField(help_text='Par exemple « Revenue Ops Manager ».', max_length=200, verbose_name='intitulé')),
                    ('heading', models.CharField(blank=True, help_text="Le titre en tête de la page du rôle quand il diffère de l'intitulé, par exemple « Le Revenue Ops Manager » ; vide : l'intitulé.", max_length=200, verbose_name="titre tel qu'écrit")),
                    ('slug', models.SlugField(help_text="La fin de l'adresse du rôle, après celle de l'article ; unique dans l'article.", max_length=200, verbose_name='adresse (slug)')),
                    ('nickname', models.CharField(blank=True, help_text='Par exemple « le couteau suisse ».', max_length=200, verbose_name='surnom')),
                    ('intro', markdownx.models.MarkdownxField(blank=True, verbose_name='présentation (Markdown)')),
                    ('intro_html', models.TextField(blank=True, editable=False)),
                    ('dedicated_url', models.URLField(blank=True, help_text="À défaut d'article du blog, une adresse externe.", max_length=500, verbose_name='lien vers un article dédié (URL)')),
                    ('dedicated_label', models.CharField(blank=True, max_length=200, verbose_name='texte du lien dédié')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='mis à jour le')),
                    ('version', models.PositiveIntegerField(default=0, help_text="Augmente à chaque enregistrement du rôle ou de ses listes : deux rédacteurs ne s'écrasent pas sans le savoir.")),
                    ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roles', to='articles.article', verbose_name='article')),
                    ('dedicated_article', models.ForeignKey(blank=True, help_text='Article du blog qui approfondit ce rôle.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='dedicated_roles', to='articles.article', verbose_name='article dédié')),
                    ('image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='roles', to='articles.imageasset', verbose_name='image')),
                ],
                options={
                    'verbose_name': 'rôle',
                    'verbose_name_plural': 'rôles',
                    'db_table': 'roles_role',
                    'ordering': ['article', 'order', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='Mission',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rendered_meta', models.JSONField(blank=True, default=dict, editable=False)),
                    ('position', models.PositiveIntegerField(default=0, verbose_name='ordre')),
                    ('text', models.CharField(max_length=1000, verbose_name='texte')),
                    ('html', models.TextField(blank=True, editable=False)),
                    ('role', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='missions', to='roles.role')),
                ],
                options={
                    'verbose_name': 'mission principale',
                    'verbose_name_plural': 'missions principales',
                    'db_table': 'roles_mission',
                    'ordering': ['position', 'pk'],
                    'abstract': False,
                },
            ),
            migrations.CreateModel(
                name='HistoricalMission',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('position', models.PositiveIntegerField(default=0, verbose_name='ordre')),
                    ('text', models.CharField(max_length=1000, verbose_name='texte')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('role', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='roles.role')),
                ],
                options={
                    'verbose_name': "version d'une mission",
                    'verbose_name_plural': 'historical missions principales',
                    'db_table': 'roles_historicalmission',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='HistoricalBackgroundItem',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('position', models.PositiveIntegerField(default=0, verbose_name='ordre')),
                    ('text', models.CharField(max_length=1000, verbose_name='texte')),
                    ('kind', models.CharField(choices=[('experience', 'Expérience préalable'), ('certification', 'Certification recommandée')], default='experience', max_length=20, verbose_name='type')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('role', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='roles.role')),
                ],
                options={
                    'verbose_name': 'version du parcours',
                    'verbose_name_plural': 'historical parcours type',
                    'db_table': 'roles_historicalbackgrounditem',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='HistoricalAlternativeTitle',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('position', models.PositiveIntegerField(default=0, verbose_name='ordre')),
                    ('title', models.CharField(max_length=200, verbose_name='intitulé')),
                    ('note', models.CharField(blank=True, help_text='Facultative, par exemple « forme abrégée ».', max_length=1000, verbose_name='précision')),
                    ('separator', models.CharField(blank=True, help_text="Le mot qui le relie à l'intitulé précédent, sur la même ligne : « ou », « , ». Vide : une ligne à lui.", max_length=20, verbose_name='lien avec le précédent')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('role', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='roles.role')),
                ],
                options={
                    'verbose_name': "version d'un intitulé",
                    'verbose_name_plural': 'historical autres intitulés (itérations)',
                    'db_table': 'roles_historicalalternativetitle',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='BackgroundItem',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rendered_meta', models.JSONField(blank=True, default=dict, editable=False)),
                    ('position', models.PositiveIntegerField(default=0, verbose_name='ordre')),
                    ('text', models.CharField(max_length=1000, verbose_name='texte')),
                    ('html', models.TextField(blank=True, editable=False)),
                    ('kind', models.CharField(choices=[('experience', 'Expérience préalable'), ('certification', 'Certification recommandée')], default='experience', max_length=20, verbose_name='type')),
                    ('role', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='background', to='roles.role')),
                ],
                options={
                    'verbose_name': 'élément du parcours type',
                    'verbose_name_plural': 'parcours type',
                    'db_table': 'roles_backgrounditem',
                    'ordering': ['kind', 'position', 'pk'],
                    'abstract': False,
                },
            ),
            migrations.CreateModel(
                name='AlternativeTitle',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('rendered_meta', models.JSONField(blank=True, default=dict, editable=False)),
                    ('position', models.PositiveIntegerField(default=0, verbose_name='ordre')),
                    ('title', models.CharField(max_length=200, verbose_name='intitulé')),
                    ('note', models.CharField(blank=True, help_text='Facultative, par exemple « forme abrégée ».', max_length=1000, verbose_name='précision')),
                    ('note_html', models.TextField(blank=True, editable=False)),
                    ('separator', models.CharField(blank=True, help_text="Le mot qui le relie à l'intitulé précédent, sur la même ligne : « ou », « , ». Vide : une ligne à lui.", max_length=20, verbose_name='lien avec le précédent')),
                    ('role', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='alternative_titles', to='roles.role')),
                ],
                options={
                    'verbose_name': 'autre intitulé',
                    'verbose_name_plural': 'autres intitulés (itérations)',
                    'db_table': 'roles_alternativetitle',
                    'ordering': ['position', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='TaggedRole',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='roles.role')),
                    ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tagged_roles', to='articles.tag')),
                ],
                options={
                    'verbose_name': 'tag de rôle',
                    'verbose_name_plural': 'tags de rôles',
                },
            ),
            migrations.AddField(
                model_name='role',
                name='tags',
                field=taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='roles.TaggedRole', to='articles.Tag', verbose_name='tags'),
            ),
            migrations.AddConstraint(
                model_name='taggedrole',
                constraint=models.UniqueConstraint(fields=('content_object', 'tag'), name='unique_role_tag'),
            ),
            migrations.AddConstraint(
                model_name='role',
                constraint=models.UniqueConstraint(fields=('article', 'slug'), name='unique_role_slug_per_article'),
            ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
        migrations.RunPython(
            move_content_types("articles", "roles"), move_content_types("roles", "articles")
        ),
    ]
