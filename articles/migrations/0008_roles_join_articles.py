"""Roles join the articles app (they were an app of their own, `roles`).

The models keep their tables (`roles_role`, `roles_mission`, …). On a database that had the
roles app, the tables are adopted as they are, and content types (so permissions and the
admin's history) move to `articles`; on a new database, they are created here. Reversing
leaves the tables in place: nothing is lost.
"""

import django.contrib.postgres.search
import django.db.models.deletion
import markdownx.models
import simple_history.models
import taggit.managers
from django.conf import settings
from django.db import migrations, models

# In creation order: what a model refers to comes first.
MODELS = [
    "Role", "TaggedRole", "Mission", "BackgroundItem", "AlternativeTitle",
    "HistoricalRole", "HistoricalMission", "HistoricalBackgroundItem", "HistoricalAlternativeTitle",
]


def adopt_or_create_tables(apps, schema_editor):
    connection = schema_editor.connection
    existing = set(connection.introspection.table_names())
    for name in MODELS:
        model = apps.get_model("articles", name)
        if model._meta.db_table not in existing:
            schema_editor.create_model(model)
    if connection.vendor == "postgresql":  # as the other search vectors (see 0007)
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS roles_role_search_vector_gin "
            "ON roles_role USING gin (search_vector)"
        )
    content_type = apps.get_model("contenttypes", "ContentType")
    types = content_type.objects.using(connection.alias)
    taken = set(types.filter(app_label="articles").values_list("model", flat=True))
    types.filter(app_label="roles").exclude(model__in=taken).update(app_label="articles")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_search_vector'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='HistoricalRole',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('order', models.PositiveIntegerField(db_index=True, default=0, verbose_name='ordre')),
                ('title', models.CharField(help_text='Par exemple « Revenue Ops Manager ».', max_length=200, verbose_name='intitulé')),
                ('slug', models.SlugField(help_text="Unique dans l'article : /blog/<article>/<slug>/.", max_length=200, verbose_name='adresse (slug)')),
                ('nickname', models.CharField(blank=True, help_text='Par exemple « le couteau suisse ».', max_length=200, verbose_name='surnom')),
                ('intro', markdownx.models.MarkdownxField(blank=True, verbose_name='présentation (Markdown)')),
                ('dedicated_url', models.URLField(blank=True, help_text="À défaut d'article du blog, une adresse externe.", max_length=500, verbose_name='lien vers un article dédié (URL)')),
                ('dedicated_label', models.CharField(blank=True, max_length=200, verbose_name='texte du lien dédié')),
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
                ('order', models.PositiveIntegerField(db_index=True, default=0, verbose_name='ordre')),
                ('title', models.CharField(help_text='Par exemple « Revenue Ops Manager ».', max_length=200, verbose_name='intitulé')),
                ('slug', models.SlugField(help_text="Unique dans l'article : /blog/<article>/<slug>/.", max_length=200, verbose_name='adresse (slug)')),
                ('nickname', models.CharField(blank=True, help_text='Par exemple « le couteau suisse ».', max_length=200, verbose_name='surnom')),
                ('intro', markdownx.models.MarkdownxField(blank=True, verbose_name='présentation (Markdown)')),
                ('intro_html', models.TextField(blank=True, editable=False)),
                ('dedicated_url', models.URLField(blank=True, help_text="À défaut d'article du blog, une adresse externe.", max_length=500, verbose_name='lien vers un article dédié (URL)')),
                ('dedicated_label', models.CharField(blank=True, max_length=200, verbose_name='texte du lien dédié')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='mis à jour le')),
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
                ('position', models.PositiveIntegerField(default=0, verbose_name='ordre')),
                ('text', models.CharField(max_length=1000, verbose_name='texte')),
                ('html', models.TextField(blank=True, editable=False)),
                ('role', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='missions', to='articles.role')),
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
                ('role', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.role')),
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
                ('role', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.role')),
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
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('role', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='articles.role')),
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
                ('position', models.PositiveIntegerField(default=0, verbose_name='ordre')),
                ('text', models.CharField(max_length=1000, verbose_name='texte')),
                ('html', models.TextField(blank=True, editable=False)),
                ('kind', models.CharField(choices=[('experience', 'Expérience préalable'), ('certification', 'Certification recommandée')], default='experience', max_length=20, verbose_name='type')),
                ('role', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='background', to='articles.role')),
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
                ('position', models.PositiveIntegerField(default=0, verbose_name='ordre')),
                ('title', models.CharField(max_length=200, verbose_name='intitulé')),
                ('note', models.CharField(blank=True, help_text='Facultative, par exemple « forme abrégée ».', max_length=1000, verbose_name='précision')),
                ('note_html', models.TextField(blank=True, editable=False)),
                ('role', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='alternative_titles', to='articles.role')),
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
                ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='articles.role')),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tagged_roles', to='articles.tag')),
            ],
            options={
                'verbose_name': 'tag de rôle',
                'verbose_name_plural': 'tags de rôles',
                'db_table': 'roles_taggedrole',
            },
        ),
        migrations.AddField(
            model_name='role',
            name='tags',
            field=taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='articles.TaggedRole', to='articles.Tag', verbose_name='tags'),
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
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        migrations.RunPython(adopt_or_create_tables, migrations.RunPython.noop),
    ]
