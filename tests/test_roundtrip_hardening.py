"""Export → import → export: what an article is for readers and editors survives it, byte for
byte. Publication (« Dépublier », dates, scheduling, redirects), tags written as labels, line
endings, a rich article with every key; and the relative links of an old site, reported, or
made absolute with --site-url."""

import io
import re
import textwrap
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from articles.admin.article import publication_parts
from articles.models import Article, Author, ImageAsset, Redirect, Tag
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role
from tests.commands import fails, run
from tests.conftest import image_bytes
from tests.markdown_fixtures import article as article_text
from tests.test_admin_roles import opened

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/article/"
IMPORT = "/admin/articles/article/importer/"
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def pending_dir(settings, tmp_path):
    settings.PENDING_IMPORT_DIR = tmp_path / "imports-en-attente"


def wipe():
    """Every row of content gone, as in a new site's database (users stay)."""
    Article.objects.all().delete()
    ImageAsset.objects.all().delete()
    Tag.objects.all().delete()
    Author.objects.all().delete()
    Redirect.objects.all().delete()


def exported(folder):
    """Every file `export_markdown` writes to `folder`, as {relative path: bytes}."""
    run("export_markdown", str(folder))
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def round_trip(tmp_path, *import_options):
    """(first export, export after importing the first into an empty database)."""
    one = exported(tmp_path / "one")
    wipe()
    run("import_markdown", "--publish-anyway", *import_options, str(tmp_path / "one"))
    return one, exported(tmp_path / "two")


def write(folder, relative, text):
    path = Path(folder) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def anonymous_status(path):
    return Client().get(path).status_code


# --- 6. Publication: « Dépublier », dates, scheduling, redirects -----------------------------


def unpublished_with_the_button(staff_client, make_article, make_tag):
    """An online article taken down through the list's « Dépublier » action, as editors do."""
    article = make_article("Un article retiré du site", slug="retire", tags=[make_tag("ops")])
    assert anonymous_status("/blog/retire/") == 200
    response = staff_client.post(
        LIST, {"action": "unpublish", "_selected_action": [article.pk]}, follow=True
    )
    assert "1 article(s) dépublié(s) : hors ligne dès maintenant." in response.content.decode()
    assert anonymous_status("/blog/retire/") == 404
    article.refresh_from_db()
    state, detail = publication_parts(article)
    assert state == Article.State.TAKEN_DOWN
    return article, detail


def assert_still_taken_down(staff_client, detail):
    article = Article.objects.get(slug="retire")
    assert publication_parts(article) == (Article.State.TAKEN_DOWN, detail)
    assert anonymous_status("/blog/retire/") == 404
    assert (
        anonymous_status("/blog/") == 200
        and "retiré" not in Client().get("/blog/").content.decode()
    )
    listed = staff_client.get(LIST).content.decode()
    assert "Dépublié" in listed and detail in listed


def test_depublier_then_export_and_import_into_an_empty_database_keeps_it_offline(
    staff_client, make_article, make_tag, tmp_path
):
    """« Dépublier », export_markdown, import_markdown into an empty database: the page is
    still a 404 and the list still says « Dépublié le … » (the unpublish date is exported)."""
    article, detail = unpublished_with_the_button(staff_client, make_article, make_tag)
    one = exported(tmp_path / "one")
    assert "unpublish: " in one["retire/index.md"].decode()
    wipe()
    run("import_markdown", "--publish-anyway", str(tmp_path / "one"))
    assert_still_taken_down(staff_client, detail)
    assert exported(tmp_path / "two") == one


def test_depublier_then_the_admin_export_and_import_keep_it_offline(
    staff_client, make_article, make_tag
):
    """The same through the admin: « Exporter en Markdown », then the import page (preview,
    confirmation) into an empty database."""
    article, detail = unpublished_with_the_button(staff_client, make_article, make_tag)
    response = staff_client.post(
        LIST, {"action": "export_markdown", "_selected_action": [article.pk]}
    )
    archive = response.content
    assert "unpublish: " in zipfile.ZipFile(io.BytesIO(archive)).read("retire/index.md").decode()
    wipe()
    html = staff_client.post(
        IMPORT, {"file": SimpleUploadedFile("export.zip", archive)}
    ).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    staff_client.post(IMPORT, {"token": token})
    assert_still_taken_down(staff_client, detail)


def at(*args):
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def publication_states(author, committed):
    """One article in each state a date or status gives, with roles and redirects."""
    past, future = at(2024, 3, 5, 9, 30), at(2031, 6, 1, 10, 15)
    specs = {
        "en-ligne-jusqua": {"published_at": past, "unpublish_at": at(2030, 1, 1, 8, 0)},
        "programme": {"published_at": future},
        "programme-et-retrait": {"published_at": future, "unpublish_at": at(2032, 1, 1)},
        "retire": {"published_at": past, "unpublish_at": at(2025, 2, 3, 17, 45, 12)},
        "brouillon-date": {"status": Article.Status.DRAFT, "published_at": at(2024, 1, 2)},
        "brouillon-sans-date": {"status": Article.Status.DRAFT, "published_at": None},
        "publie-sans-date": {"published_at": None},
        "ancien-nom": {"published_at": past},
    }
    with committed():
        articles = {}
        for slug, fields in specs.items():
            fields.setdefault("status", Article.Status.PUBLISHED)
            articles[slug] = Article.objects.create(
                title=f"Article {slug}", slug=slug, author=author, body="Du texte.", **fields
            )
        main = articles["en-ligne-jusqua"]
        Role.objects.create(article=main, title="Pilote", slug="pilote", order=1,
                            dedicated_article=articles["programme"], dedicated_label="Lire")  # fmt: skip
        Role.objects.create(article=main, title="Vigie", slug="vigie", order=2,
                            dedicated_url="https://exemple.fr/vigie")  # fmt: skip
        moved = articles["ancien-nom"]
        moved.slug = "nouveau-nom"  # a published article moved: its old address redirects
        moved.save()
        role = main.roles.get(slug="vigie")
        role.slug = "guetteur"
        role.save()
        Redirect.objects.create(old_path="/ancienne-page/", new_path="/blog/")
    return articles


def publication_of_everything():
    """Every publication field of every article and role, and every redirect."""
    articles = {
        a.slug: (
            a.status,
            a.published_at and a.published_at.replace(microsecond=0),
            a.unpublish_at and a.unpublish_at.replace(microsecond=0),
            a.publication_state(),
            [
                (
                    r.slug,
                    r.order,
                    r.dedicated_article and r.dedicated_article.slug,
                    r.dedicated_url,
                    r.dedicated_label,
                )  # fmt: skip
                for r in a.roles.order_by("order")
            ],
        )
        for a in Article.objects.all()
    }
    redirects = sorted(Redirect.objects.values_list("old_path", "new_path"))
    return articles, redirects


def public_statuses():
    paths = [f"/blog/{a.slug}/" for a in Article.objects.all()]
    paths += ["/blog/ancien-nom/", "/blog/en-ligne-jusqua/vigie/", "/ancienne-page/"]
    return {path: anonymous_status(path) for path in paths}


def test_every_publication_field_of_articles_and_roles_survives_the_round_trip(
    publication_states, tmp_path
):
    """Status, publication date (or none), unpublish date, scheduled or taken-down state,
    slugs, role order and dedicated links, redirects: as they were, pages answer the same."""
    before, statuses = publication_of_everything(), public_statuses()
    assert statuses["/blog/ancien-nom/"] == 301 and statuses["/blog/retire/"] == 404
    assert statuses["/blog/en-ligne-jusqua/vigie/"] == 301
    assert statuses["/blog/publie-sans-date/"] == 404
    one, two = round_trip(tmp_path)
    assert publication_of_everything() == before
    assert public_statuses() == statuses
    assert one == two
    assert "date: ''" in one["brouillon-sans-date/index.md"].decode()
    assert "/ancienne-page/: /blog/" in one["redirects.yml"].decode()


def test_an_import_of_the_same_export_again_changes_nothing(publication_states, tmp_path):
    """Importing an export over the database it came from leaves every article unchanged."""
    one = exported(tmp_path / "one")
    output = run("import_markdown", "--publish-anyway", str(tmp_path / "one"))
    assert "0 créé(s), 0 mis à jour" in output
    assert exported(tmp_path / "two") == one


def test_an_old_file_imported_again_does_not_bring_back_an_article_taken_down(
    staff_client, tmp_path
):
    """The file an article came from says nothing of its unpublish date: imported again
    after « Dépublier », it leaves the article offline; `unpublish: ''` clears the date."""
    path = write(
        tmp_path, "retire.md", article_text("title: Un article retiré\nslug: retire\ntags: [ops]")
    )
    run("import_markdown", "--publish-anyway", str(path))
    article = Article.objects.get(slug="retire")
    staff_client.post(LIST, {"action": "unpublish", "_selected_action": [article.pk]})
    assert anonymous_status("/blog/retire/") == 404
    run("import_markdown", "--publish-anyway", str(path))
    assert Article.objects.get().publication_state() == Article.State.TAKEN_DOWN
    write(
        tmp_path,
        "retire.md",
        article_text("title: Un article retiré\nslug: retire\ntags: [ops]\nunpublish: ''"),
    )
    run("import_markdown", "--publish-anyway", str(path))
    assert Article.objects.get().publication_state() == Article.State.ONLINE


def test_unpublish_date_read_from_other_tools_and_checked(tmp_path):
    """`unpublish` (or Hugo's `expiryDate`) takes an article down at that date; a date that is
    not one is refused with its line, one before the publication date is a warning."""
    write(
        tmp_path / "a",
        "hugo.md",
        article_text("title: Hugo\ndate: 2024-01-01\nexpiryDate: 2024-06-01"),
    )
    run("import_markdown", "--publish-anyway", str(tmp_path / "a"))
    hugo = Article.objects.get(slug="hugo")
    assert (
        hugo.unpublish_at == at(2024, 6, 1) and hugo.publication_state() == Article.State.TAKEN_DOWN
    )
    assert hugo.front_matter_extra == {}
    write(tmp_path / "b", "mauvais.md", article_text("title: Mauvais\nunpublish: bientôt"))
    assert "mauvais.md:3: la clé « unpublish » n'est pas une date" in str(
        fails("import_markdown", str(tmp_path / "b"))
    )
    write(
        tmp_path / "c",
        "avant.md",
        article_text("title: Avant\ndate: 2024-05-01\nunpublish: 2024-04-01"),
    )
    output = run("import_markdown", "--publish-anyway", str(tmp_path / "c"))
    assert "avant.md:4: « unpublish » (1 avril 2024) précède « date »" in output


def test_a_redirects_file_is_checked_before_anything_is_written(tmp_path):
    """`redirects.yml` holds site paths: anything else, or a loop, is refused with its line."""
    write(tmp_path / "a", "billet.md", article_text("title: Billet"))
    write(tmp_path / "a", "redirects.yml", "/bon/: /blog/\nancienne: /blog/\n")
    error = str(fails("import_markdown", str(tmp_path / "a")))
    assert "redirects.yml:2: « ancienne » : une redirection va d'une adresse du site" in error
    assert Article.objects.count() == 0 and Redirect.objects.count() == 0
    write(tmp_path / "a", "redirects.yml", "/a/: /b/\n/b/: /a/\n")
    error = str(fails("import_markdown", str(tmp_path / "a")))
    assert "redirects.yml:2: redirection « /b/ » refusée : Boucle de redirections" in error
    assert Article.objects.count() == 0 and Redirect.objects.count() == 0


# --- 15. Line endings: CR alone, CRLF, LF -------------------------------------------------


def test_a_lone_cr_in_a_stored_body_round_trips_byte_for_byte(make_article, make_tag, tmp_path):
    """Old Mac line ends (CR alone) or mixed ones, however they reached the database, are LF on
    export, and the second export equals the first."""
    article = make_article(tags=[make_tag("ops")], slug="mac")
    # Written past the save path, as an older version or a script could have stored it.
    Article.objects.filter(pk=article.pk).update(body="Ligne un\rLigne deux\r\nLigne trois\n\r\n")
    role = Role.objects.create(article=article, title="Pilote", slug="pilote", intro="a")
    Role.objects.filter(pk=role.pk).update(intro="Intro\rsuite\r\rfin")
    one, two = round_trip(tmp_path)
    assert one == two
    assert b"\r" not in one["mac/index.md"] and b"\r" not in one["mac/roles/01-pilote.md"]
    assert one["mac/index.md"].endswith(b"---\nLigne un\nLigne deux\nLigne trois\n")
    assert one["mac/roles/01-pilote.md"].endswith(b"---\nIntro\nsuite\n\nfin\n")


def test_text_is_stored_with_lf_only_whatever_way_it_comes_in(make_article, tmp_path):
    """A save (a script, the shell), a role's lists and an import store LF only: CR alone and
    CRLF become LF the same way everywhere."""
    article = make_article(body="Un\rdeux\r\ntrois", slug="cr")
    assert Article.objects.get(pk=article.pk).body == "Un\ndeux\ntrois"
    role = Role.objects.create(article=article, title="Pilote", slug="pilote", intro="x\ry")
    Mission.objects.create(role=role, position=1, text="Former\rles équipes")
    BackgroundItem.objects.create(role=role, position=1, text="Cinq\r\nans")
    AlternativeTitle.objects.create(role=role, position=1, title="Guide", note="parfois\rseul")
    assert Role.objects.get().intro == "x\ny"
    assert Mission.objects.get().text == "Former\nles équipes"
    assert BackgroundItem.objects.get().text == "Cinq\nans"
    assert AlternativeTitle.objects.get().note == "parfois\nseul"
    mac = article_text("title: Mac\nslug: mac-import", "Un\ndeux\n\ntrois\n").replace("\n", "\r")
    run("import_markdown", "--publish-anyway", str(write(tmp_path, "mac.md", mac)))
    assert Article.objects.get(slug="mac-import").body == "Un\ndeux\n\ntrois\n"


def test_an_admin_save_with_lone_crs_stores_lf(staff_client, make_article, make_tag):
    """A form sent with CR alone (not a browser's CRLF) is stored as LF as well, role
    intros included."""
    article = make_article(tags=[make_tag("ops")], slug="admin-cr")
    Role.objects.create(article=article, title="Pilote", slug="pilote", intro="Avant")
    url = f"{LIST}{article.pk}/change/"
    data = opened(staff_client, url)
    data.update({"body": "Un\rdeux\r\rtrois", "roles-0-intro": "Intro\rsuite"})
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Article.objects.get(pk=article.pk).body == "Un\ndeux\n\ntrois"
    assert Role.objects.get().intro == "Intro\nsuite"


# --- 16. Tags written as labels -----------------------------------------------------------


def front_matter_tags(text):
    block = re.search(r"^tags:\n((?:- .*\n)+)", text, re.M)
    return [line[2:] for line in block.group(1).splitlines()] if block else []


def tag_displays():
    return sorted((t.slug, t.display) for t in Tag.objects.all())


def tag_rows():
    """Each tag as stored, but the one renamed in the admin (its export names it by slug)."""
    return sorted((t.slug, t.name, t.label) for t in Tag.objects.exclude(slug="revenue-ops"))


def test_tags_written_as_labels_keep_their_labels_through_a_round_trip(tmp_path):
    """`Planning & organisation`, `process & tools`, `livre blanc`: the second export lists
    them as the first did, not as slugs."""
    labels = ["Planning & organisation", "process & tools", "livre blanc"]
    tags = "".join(f"\n  - {label}" for label in labels)
    write(tmp_path / "src", "billet.md", article_text(f"title: Billet\ntags:{tags}"))
    run("import_markdown", "--publish-anyway", str(tmp_path / "src"))
    one, two = round_trip(tmp_path)
    assert front_matter_tags(one["billet/index.md"].decode()) == sorted(labels)
    assert one == two


def test_every_kind_of_tag_label_survives_a_round_trip(tmp_path, make_article, committed):
    """Accents, capitals, &, apostrophes (straight and typographic), labels folding to one tag,
    tags only on roles, tags made in the admin (slug as name, French label), a tag renamed in
    the admin whose name no longer folds to its slug: the same pages, labels and bytes."""
    site = tmp_path / "src"
    write(site, "premier/index.md", article_text(
        "title: Premier\ntags:\n  - Événements clients\n  - CRM\n  - L’équipe d'Ops\n"
        "  - Process & Tools\n  - process-tools"
    ))  # fmt: skip
    write(site, "premier/roles/01-pilote.md", article_text(
        "title: Pilote\ntags:\n  - Rôle clé\n  - PROCESS & TOOLS"
    ))  # fmt: skip
    write(site, "second.md", article_text("title: Second\ntags: [process-tools, crm]"))
    run("import_markdown", "--publish-anyway", str(site))
    with committed():
        admin_made = Tag.objects.create(name="strategie-vision", slug="strategie-vision",
                                        label="Stratégie & vision")  # fmt: skip
        renamed = Tag.objects.create(name="Revenus", slug="revenue-ops", label="")
        labelled = Tag.objects.create(name="Ops Team", slug="ops-team", label="L'équipe Ops")
        make_article(slug="troisieme", tags=[admin_made, renamed, labelled])
    tagged = {a.slug: sorted(t.slug for t in a.tags.all()) for a in Article.objects.all()} | {
        f"role {r.slug}": sorted(t.slug for t in r.tags.all()) for r in Role.objects.all()
    }
    displays, rows = tag_displays(), tag_rows()
    one, two = round_trip(tmp_path)
    assert tagged == {
        a.slug: sorted(t.slug for t in a.tags.all()) for a in Article.objects.all()
    } | {f"role {r.slug}": sorted(t.slug for t in r.tags.all()) for r in Role.objects.all()}
    assert tag_displays() == displays and tag_rows() == rows
    assert one == two
    first = one["premier/index.md"].decode()
    assert front_matter_tags(first) == sorted(
        ["CRM", "L’équipe d'Ops", "Process & Tools", "Événements clients"]
    )
    assert front_matter_tags(one["troisieme/index.md"].decode()) == sorted(
        ["Ops Team", "revenue-ops", "strategie-vision"]
    )
    assert "role-cle: Rôle clé" in one["tags.yml"].decode()
    assert anonymous_status("/blog/tag/revenue-ops/") == 200


def test_a_label_that_folds_to_an_existing_tag_picks_that_tag(tmp_path, committed):
    """A file listing a tag by the name or label an editor gave it in the admin (« Revenus »
    for revenue-ops, « L'Ops » for ops) gets that tag, as the admin's tag input would, rather
    than a second tag (or a refused import: names are unique)."""
    Tag.objects.create(name="Revenus", slug="revenue-ops")
    Tag.objects.create(name="ops", slug="ops", label="L'Ops")
    write(tmp_path, "billet.md", article_text("title: Billet\ntags: [Revenus, L'Ops]"))
    run("import_markdown", "--publish-anyway", str(tmp_path / "billet.md"))
    assert sorted(t.slug for t in Article.objects.get().tags.all()) == ["ops", "revenue-ops"]
    assert Tag.objects.count() == 2


# --- The whole export → import → export identity, for a rich article ---------------------

IMAGES = [f"0b6c1f0e-3c52-4d8e-9a51-6f1c2d3e4b0{n}" for n in range(1, 5)]


def rich_site(folder):
    """An article with every front-matter key, roles with every list, images with files,
    unknown keys, Markdoc tags and CRLF / CR line ends; a second article it links to."""
    hero, inline, role_image, unused = IMAGES
    line_break = "  "  # two final spaces
    index = textwrap.dedent(
        f"""\
        ---
        title: "Tout : un article complet"
        slug: complet
        author: camille-martin
        description: Une description assez longue pour les moteurs de recherche, écrite ici.
        excerpt: Le chapeau de l'article.
        date: 2024-05-06T08:30:00+02:00
        status: published
        unpublish: 2031-01-01T00:00:00+01:00
        read: 1 min
        force_read: true
        image: {hero}
        image_alt: Un schéma
        image_credit: Photo maison
        youtubeId: dQw4w9WgXcQ
        podcastId: B4W0qfPbZ3pV
        podcastShowId: A1b2C3d4E5f6
        tags:
          - Planning & organisation
          - ops
        images:
          - id: {hero}
            alt: Le schéma
            caption: Une légende
            credit: Studio
          - id: {inline}
            alt: Un graphique
        weight: 3
        ratio: 1.5
        note: null
        when: 2024-01-01
        flags: [true, 'non', 7]
        content: une clé nommée content
        seo:
          noindex: false
          canonical: https://exemple.fr/complet
        aliases: [/ancien/complet]
        ---
        ## Première partie

        Un paragraphe avec un [lien interne](/blog/lie/) et une image :{line_break}
        une ligne coupée par deux espaces, une espace\u00a0insécable et l’apostrophe.

        ![Un graphique](<{inline}>)

        {{% callout type="tip" title="À retenir" %}}
        Un encadré **important**.
        {{% /callout %}}

        [[roles]]

        ```python
        print("[pas un lien](/nulle-part)")
        ```
        """
    )
    index = index.replace("Un paragraphe", "Deux lignes\nen CRLF\npuis CR\n\nUn paragraphe")
    crlf = index.replace("\n", "\r\n").replace("en CRLF\r\npuis", "en CRLF\rpuis")  # and a CR
    write(folder, "complet/index.md", crlf)
    write(folder, "complet/roles/01-pilote.md", textwrap.dedent(
        f"""\
        ---
        title: Pilote revenu
        slug: pilote
        nickname: la boussole
        image: {role_image}
        missions:
          - Tenir le **cap**
          - Mesurer
        background:
          experience: [Cinq ans de vente]
          certifications: [Salesforce Admin]
        alternative_titles:
          - title: RevOps Manager
            note: le plus courant
          - title: Head of Ops
        dedicated: lie
        dedicated_label: Lire l'article
        tags: [Rôle clé]
        ---
        Le pilote tient la *barre*.
        """
    ))  # fmt: skip
    write(folder, "complet/roles/02-vigie.md", article_text(
        "title: Vigie\ndedicated: https://exemple.fr/vigie\nmissions: [Veiller]", ""
    ))  # fmt: skip
    for number, asset_id in enumerate((hero, inline, role_image, unused)):
        write(folder, f"complet/images/{asset_id}.png", image_bytes(40 + number, 30))
    write(folder, "lie/index.md", article_text(
        "title: Article lié\ndate: 2024-01-01\ntags: [ops]\nimage: https://exemple.fr/h.jpg\n"
        "image_alt: Une photo\nimage_credit: Unsplash\nstatus: draft"
    ))  # fmt: skip
    write(folder, "authors.yml", "camille-martin:\n  name: Camille Martin\n  bio: Consultante.\n")
    write(folder, "tags.yml", 'ops: "L\'Ops"\n')


def test_a_rich_article_round_trips_byte_for_byte(tmp_path):
    """Every key, roles and their lists, images and their files, unknown keys, Markdoc tags,
    line ends: the second export equals the first, file by file."""
    rich_site(tmp_path / "src")
    output = run("import_markdown", "--publish-anyway", str(tmp_path / "src"))
    assert "0 avertissement(s), 0 erreur(s)" in output, output
    one, two = round_trip(tmp_path)
    assert one == two
    text = one["complet/index.md"].decode()
    assert "\r" not in text and "Deux lignes\nen CRLF\npuis CR\n" in text
    assert "unpublish: '2031-01-01'" in text or "unpublish: 2031-01-01" in text
    assert "aliases:\n- /ancien/complet\n" in text and "content: une clé nommée content" in text
    assert "note: null\n" in text and "when: '2024-01-01'\n" in text
    assert "image :  \nune ligne" in text
    # Sorted at every depth: SQLite keeps the file's order, PostgreSQL's jsonb its own.
    assert "seo:\n  canonical: https://exemple.fr/complet\n  noindex: false\nweight: 3\n" in text
    assert sorted(p for p in one if p.startswith("complet/images/")) == sorted(
        f"complet/images/{i}.png" for i in IMAGES[:3]
    )
    assert len([p for p in one if p.endswith(".md")]) == 4


# --- 17. Relative links of an old site -----------------------------------------------------

OLD_POST = """\
---
title: Ancien billet
slug: ancien
tags: [ops]
---
Écrivez-nous : [contact](/media/4) ou [la page](/fr/contact?de=blog#form).

Voir [le voisin](../voisin), [ici](./annexe) et [là](plus-loin).

![Schéma](/images/schema.png)

Un [lien par référence][ref] et le blog [qui existe](/blog/) ou [un tag](/blog/tag/ops/),
[l'article importé](../voisin-importe/), [un ancre](#haut), [un mail](mailto:a@b.fr).

`[pas un lien](/code-en-ligne)`

```
[pas un lien](/code-en-bloc)
```

    [pas un lien](/code-indente)

[ref]: /ancien/reference "Titre"
"""
ROLE = """\
---
title: Pilote
missions:
  - Lire [la charte](/charte)
  - Lire [l'article](./voisin-importe)
---
Le pilote [ailleurs](../../fr/pilote).
"""


def old_site(folder):
    write(folder, "ancien/index.md", OLD_POST)
    write(folder, "ancien/roles/01-pilote.md", ROLE)
    write(folder, "voisin-importe/index.md", article_text("title: Voisin importé\ntags: [ops]"))
    return folder


DEAD = {  # link: (line in index.md, reason)
    "/media/4": (6, "fichier inconnu"),
    "/fr/contact?de=blog#form": (6, "page inconnue"),
    "../voisin": (8, "article inconnu"),
    "./annexe": (8, "rôle inconnu"),
    "plus-loin": (8, "rôle inconnu"),
    "/images/schema.png": (10, "page inconnue"),
    "/ancien/reference": (23, "page inconnue"),
}


def test_the_import_tells_each_relative_link_that_leads_nowhere_here(tmp_path):
    """`/media/4` (our media prefix), `/fr/contact`, `../x`, `./x`, images, reference
    definitions, role texts: each said with its file and line; links that reach a page of
    this site, anchors, e-mails and code are not."""
    output = run("import_markdown", "--publish-anyway", str(old_site(tmp_path / "src")))
    index = tmp_path / "src/ancien/index.md"
    for url, (line, reason) in DEAD.items():
        what = "image relative" if url.endswith(".png") else "lien relatif"
        assert (
            f"{index}:{line}: {what} « {url} » : ne mène à aucune page de ce site ({reason}). "
            "Corrigez-le, ou importez avec --site-url" in output
        ), url
    roles = tmp_path / "src/ancien/roles/01-pilote.md"
    # A list item is told at its key's line.
    assert f"{roles}:3: lien relatif « /charte » : ne mène à aucune page" in output
    assert f"{roles}:3: lien relatif « ./voisin-importe » : ne mène à aucune page" in output
    assert f"{roles}:7: lien relatif « ../../fr/pilote »" in output
    assert output.count("ne mène à aucune page de ce site") == len(DEAD) + 3
    for kept in ("/code-en-ligne", "/code-en-bloc", "/code-indente", "/blog/", "../voisin-importe"):
        assert f"« {kept}" not in output
    article = Article.objects.get(slug="ancien")
    assert "[contact](/media/4)" in article.body  # kept as written without --site-url


def test_check_links_lists_the_relative_links_that_lead_nowhere(tmp_path):
    """check_links reports them too, by article or role and line."""
    run("import_markdown", "--publish-anyway", str(old_site(tmp_path / "src")))
    output = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_links", stdout=output)
    output = output.getvalue()
    for url, (line, reason) in DEAD.items():  # lines of the body
        if url.endswith(".png"):
            expected = f"ancien:{line - 5} : image relative {url} : aucune page de ce site"
        elif url.startswith("/") and not url.startswith("/media/"):
            expected = f"ancien:{line - 5} : lien cassé vers {url} ({reason})"  # as before
        else:
            expected = f"ancien:{line - 5} : lien relatif vers {url} : aucune page de ce site"
        assert f"{expected}" in output, url
    assert "ancien/pilote:1 : lien cassé vers /charte (page inconnue)" in output
    assert "ancien/pilote:1 : lien relatif vers ../../fr/pilote" in output
    assert "ancien/pilote:1 : lien relatif vers ./voisin-importe" in output
    assert "code" not in output and "../voisin-importe" not in output
    assert output.count("\n") == len(DEAD) + 3


def test_with_site_url_they_become_links_to_the_old_site(tmp_path):
    """--site-url https://ancien.example: each such link leads to the old site (root-relative
    from its root, the others from the post's old address), an article of the old site
    imported here becomes internal, and the report says what each became."""
    output = run(
        "import_markdown",
        "--publish-anyway",
        "--site-url",
        "https://ancien.example",
        str(old_site(tmp_path / "src")),
    )
    body = Article.objects.get(slug="ancien").body
    for expected in (
        "[contact](https://ancien.example/media/4)",
        "[la page](https://ancien.example/fr/contact?de=blog#form)",
        "[le voisin](https://ancien.example/voisin)",
        "[ici](https://ancien.example/blog/annexe)",
        "[là](https://ancien.example/blog/plus-loin)",
        "![Schéma](https://ancien.example/images/schema.png)",
        '[ref]: https://ancien.example/ancien/reference "Titre"',
        "`[pas un lien](/code-en-ligne)`",
        "[pas un lien](/code-en-bloc)",
        "    [pas un lien](/code-indente)",
        "[l'article importé](../voisin-importe/)",
    ):
        assert expected in body, expected
    assert "devenu https://ancien.example/media/4 (l'ancien site)." in output
    role = Role.objects.get()
    assert role.intro.strip() == "Le pilote [ailleurs](https://ancien.example/fr/pilote)."
    assert [m.text for m in role.missions.all()] == [
        "Lire [la charte](https://ancien.example/charte)",
        "Lire [l'article](/blog/voisin-importe/)",  # an article of the old site: internal
    ]
    assert "https://ancien.example/blog/voisin-importe → /blog/voisin-importe/" in output
    listed = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_links", "--site-url", "https://ancien.example", stdout=listed)
    assert listed.getvalue() == (  # what is left: links to old articles not imported here
        "ancien:3 : lien vers l'ancien site sans article ici : https://ancien.example/blog/annexe\n"
        "ancien:3 : lien vers l'ancien site sans article ici : "
        "https://ancien.example/blog/plus-loin\n"
    )


def test_a_relative_link_made_absolute_becomes_internal_once_its_article_is_imported(tmp_path):
    """Imported again once the article it leads to is here, the link becomes internal (the
    file did not change, where its link leads did)."""
    site = old_site(tmp_path / "src")
    run(
        "import_markdown",
        "--publish-anyway",
        "--site-url",
        "https://ancien.example",
        str(site / "ancien"),
    )
    mission = Mission.objects.get(text__contains="l'article")
    assert mission.text == "Lire [l'article](https://ancien.example/blog/voisin-importe)"
    run("import_markdown", "--publish-anyway", "--site-url", "https://ancien.example", str(site))
    mission = Mission.objects.get(text__contains="l'article")
    assert mission.text == "Lire [l'article](/blog/voisin-importe/)"


def test_a_site_url_that_is_no_address_is_refused(tmp_path):
    """--site-url must be an http(s) address: the import says so and writes nothing."""
    error = fails("import_markdown", "--site-url", "ancien.example", str(old_site(tmp_path)))
    assert "--site-url: « ancien.example » : attendu l'adresse de l'ancien site" in str(error)
    assert Article.objects.count() == 0
