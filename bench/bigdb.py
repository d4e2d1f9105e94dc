"""Build a large database for the benchmarks: 10,000 articles, 500 tags, roles and images,
200 case studies, a podcast series of 21 episodes and 20 « parcours » among the articles.

Rows are inserted in bulk with HTML rendered once per body variant (what `save()` would
store), so building takes seconds, not the hours that 10,000 editor saves would.
"""

import random
import uuid
from datetime import timedelta

ARTICLES = 10_000
TAGS = 500
WORDS = (
    "revenu équipe données pipeline prévision processus outil client marché vente marketing "
    "succès analyse stratégie formation pilotage indicateur qualité cycle rôle"
).split()


def sentence(rng, n=14):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build(articles=ARTICLES, tags=TAGS, seed=7):
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from articles.markdown import plain_text, render_inline, render_markdown
    from articles.models import Article, Author, ImageAsset, Tag, TaggedArticle, reading_minutes
    from articles.search import fold
    from roles.models import AlternativeTitle, BackgroundItem, Mission, Role

    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        authors = Author.objects.bulk_create(
            [Author(name=f"Auteur {n}", slug=f"auteur-{n}", bio=sentence(rng)) for n in range(20)]
        )
        tag_rows = Tag.objects.bulk_create(
            [Tag(name=f"tag-{n}", slug=f"tag-{n}", label=f"Tag {n}") for n in range(tags)]
        )
        images = ImageAsset.objects.bulk_create(
            [
                ImageAsset(id=uuid.UUID(int=rng.getrandbits(128)), alt=f"Schéma {n}")
                for n in range(2000)
            ]
        )
        variants = []
        for v in range(20):
            image = images[v]
            body = "\n\n".join(
                [f"## Partie {p}\n\n{' '.join(sentence(rng) for _ in range(6))}" for p in range(5)]
                + [f"![Schéma]({image.pk})", "[[roles]]", "## Conclusion", sentence(rng)]
            )
            rendered = render_markdown(body, ImageAsset.objects.lookup)
            variants.append((body, rendered))
        rows = []
        for n in range(articles):
            body, rendered = variants[n % len(variants)]
            title = f"Article {n} : {sentence(rng, 6)[:-1]}"
            rows.append(
                Article(
                    title=title,
                    slug=f"article-{n}",
                    author=authors[n % len(authors)],
                    description=sentence(rng, 20),
                    excerpt=sentence(rng, 25),
                    hero_image=images[n % len(images)] if n % 3 == 0 else None,
                    hero_image_url=""
                    if n % 3 == 0
                    else "https://images.unsplash.com/photo-1?w=4800",
                    hero_image_alt="Illustration",
                    status=Article.Status.PUBLISHED if n % 50 else Article.Status.DRAFT,
                    published_at=now - timedelta(hours=n),
                    body=body,
                    body_html=rendered.html,
                    # What the indexing step stores: title and text folded.
                    search_title=fold(title),
                    search_text=fold(plain_text(rendered.html)),
                    toc=rendered.toc,
                    word_count=rendered.word_count,
                    reading_time=reading_minutes(rendered.word_count),
                    version=1,
                )  # fmt: skip
            )
        created = Article.objects.bulk_create(rows, batch_size=1000)
        TaggedArticle.objects.bulk_create(
            [TaggedArticle(content_object=a, tag=t) for a in created
             for t in rng.sample(tag_rows, 3)], batch_size=5000,
        )  # fmt: skip
        roles, items = [], []
        for a in created[::4]:  # a quarter of the articles carry five roles
            for r in range(5):
                intro = " ".join(sentence(rng) for _ in range(4))
                roles.append(Role(
                    article=a, order=r, title=f"Rôle {r}", slug=f"role-{r}", nickname=f"le surnom {r}",
                    image=images[(a.pk + r) % len(images)], intro=intro,
                    intro_html=f"<p>{intro}</p>", word_count=len(intro.split()),
                    search_title=fold(f"Rôle {r}"), search_text=fold(intro),
                ))  # fmt: skip
        Role.objects.bulk_create(roles, batch_size=2000)
        for role in roles:
            for m in range(5):
                text = sentence(rng, 8)
                items.append(
                    Mission(
                        role=role,
                        position=m,
                        text=text,
                        html=render_inline(text, ImageAsset.objects.lookup),
                    )
                )
            items.append(
                BackgroundItem(role=role, kind="experience", text="Trois ans", html="Trois ans")
            )
            items.append(
                AlternativeTitle(role=role, position=1, title=f"Variante {slugify(role.title)}")
            )
        for model in (Mission, BackgroundItem, AlternativeTitle):
            model.objects.bulk_create([i for i in items if type(i) is model], batch_size=5000)
    others = {**build_case_studies(), **build_series()}  # issue 21's kinds among the articles
    from django.db import connection

    from articles.search import refresh_vectors

    refresh_vectors(Article.objects.all())  # what save() does, on PostgreSQL
    refresh_vectors(Role.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as after any bulk load
    return {
        "articles": articles, "tags": tags, "roles": len(roles), "images": len(images), **others,
    }  # fmt: skip


# --- Case studies and series (issue 21) -----------------------------------------------------

CASE_STUDIES = 200
SCOPES = ("Acquisition", "Demande", "Découverte", "Négociation", "Expansion", "Fidélisation")
TOOLS = ("Hubspot", "Lemlist", "Gsheet", "Notion", "Salesforce", "Pipedrive", "Airtable", "Slack")
# Case studies' tags are free labels, some of them the articles' own tags.
CASE_TAGS = ("Data & Performance", "Équipe & Planification", "Process & Outils", "Pilotage")
SHOW = "RvEchoes2026"
EPISODES = 21
COURSES, COURSE_PARTS = 20, 5


def build_case_studies(count=CASE_STUDIES, seed=11):
    """`count` published case studies in the real files' shape: 2 to 5 scopes and tools, three
    tags (free labels and articles' tags), 1 to 3 long quotes, 3 to 8 deliverables, a team,
    a hero image for two in three, a video for one in four; bodies rendered once per variant."""
    from django.db.models.functions import Lower
    from django.utils import timezone
    from django.utils.text import slugify

    from articles.markdown import plain_text, render_markdown
    from articles.models import Author, ImageAsset, Tag
    from articles.search import refresh_vectors
    from clients.models import CaseStudy, Deliverable, Quote, Scope, TaggedCaseStudy, Tool

    rng = random.Random(seed)
    now = timezone.now()
    scopes = Scope.objects.bulk_create([Scope(name=name, slug=slugify(name)) for name in SCOPES])
    tools = Tool.objects.bulk_create([Tool(name=name, slug=slugify(name)) for name in TOOLS])
    tags = [
        *Tag.objects.bulk_create([Tag(name=name, slug=slugify(name)) for name in CASE_TAGS]),
        *Tag.objects.order_by("pk")[:20],
    ]
    authors = list(Author.objects.order_by("pk")[:20])
    images = list(ImageAsset.objects.order_by("pk")[:200])
    variants = []
    for _ in range(10):
        body = "\n\n".join(
            ["## La mission", sentence(rng, 30)]
            + [
                f"### Phase {p}\n\n**{sentence(rng, 5)}**\n\n"
                + "\n".join(f"- {sentence(rng, 9)}" for _ in range(4))
                for p in range(1, 4)
            ]
        )
        rendered = render_markdown(body, ImageAsset.objects.lookup)
        variants.append((body, rendered))
    rows = []
    for n in range(count):
        body, rendered = variants[n % len(variants)]
        rows.append(
            CaseStudy(
                name=f"Client {n}",
                slug=f"client-{n}",
                title=f"Les équipes Revenue du client {n} sont désormais {sentence(rng, 18)}",
                subtitle=sentence(rng, 16),
                description=sentence(rng, 32),
                speaker=f"Prénom{n} Nom{n}",
                speaker_role="Directeur commercial & Associé",
                duration=f"{rng.randint(3, 18)} mois",
                hero_image=images[n % len(images)] if n % 3 else None,
                youtube_id="dQw4w9WgXcQ" if n % 4 == 0 else "",
                body=body,
                body_html=rendered.html,
                search_text=plain_text(rendered.html),
                word_count=rendered.word_count,
                rendered_meta=rendered.meta,
                status=CaseStudy.Status.PUBLISHED,
                published_at=now - timedelta(days=n, hours=3),
                version=1,
            )
        )
    created = CaseStudy.objects.bulk_create(rows, batch_size=500)
    relations = (
        (CaseStudy.scopes.through, "scope", scopes, (2, 5)),
        (CaseStudy.tools.through, "tool", tools, (2, 5)),
        (CaseStudy.team.through, "author", authors, (1, 2)),
    )
    for through, name, choices, (low, high) in relations:
        through.objects.bulk_create(
            [
                through(casestudy=case, **{name: choice})
                for case in created
                for choice in rng.sample(choices, rng.randint(low, high))
            ],
            batch_size=5000,
        )
    TaggedCaseStudy.objects.bulk_create(
        [TaggedCaseStudy(content_object=case, tag=tag) for case in created
         for tag in rng.sample(tags, 3)], batch_size=5000,
    )  # fmt: skip
    items = []
    for case in created:
        for position in range(rng.randint(1, 3)):
            items.append(Quote(case_study=case, position=position, text=sentence(rng, 40)))
        for position in range(rng.randint(3, 8)):
            items.append(Deliverable(case_study=case, position=position, text=sentence(rng, 7)))
    for item in items:
        item.render()  # what save() stores
    for model in (Quote, Deliverable):
        model.objects.bulk_create([i for i in items if type(i) is model], batch_size=5000)
    CaseStudy.objects.update(search_title=Lower("title"))
    refresh_vectors(CaseStudy.objects.all())
    return {"case studies": count, "quotes and deliverables": len(items)}


def build_series(episodes=EPISODES, courses=COURSES, parts=COURSE_PARTS, seed=13):
    """A podcast of `episodes` published articles (each with its Ausha player) and `courses`
    « parcours » of `parts` articles each, among the articles already built."""
    from articles.markdown import plain_text, render_markdown
    from articles.models import Article, ImageAsset
    from series.models import Series, SeriesEntry

    rng = random.Random(seed)
    published = list(
        Article.objects.published().order_by("pk").only("pk", "body")[: episodes + courses * parts]
    )
    podcast = Series.objects.create(
        title="Revenue Echoes",
        slug="revenue-echoes",
        kind=Series.Kind.PODCAST,
        ausha_show_id=SHOW,
        description=sentence(rng, 20),
        image=ImageAsset.objects.order_by("pk").first(),
    )
    entries = []
    for number, article in enumerate(published[:episodes], start=1):
        article.body = (
            f'{sentence(rng, 20)}\n\n{{% aushaPlayer showId="{SHOW}" '
            f'podcastId="Ep{number:02d}RevEchoX" title="Revenue echoes #{number}" %}}\n\n'
            f"{article.body}"
        )
        rendered = render_markdown(article.body, ImageAsset.objects.lookup)
        article.body_html, article.rendered_meta = rendered.html, rendered.meta
        article.search_text, article.word_count = plain_text(rendered.html), rendered.word_count
        entries.append(SeriesEntry(series=podcast, article=article, position=number))
    Article.objects.bulk_update(
        published[:episodes],
        ["body", "body_html", "rendered_meta", "search_text", "word_count"],
    )
    rest = published[episodes:]
    for c in range(courses):
        course = Series.objects.create(title=f"Parcours {c}", slug=f"parcours-{c}")
        for position, article in enumerate(rest[c * parts : (c + 1) * parts], start=1):
            entries.append(SeriesEntry(series=course, article=article, position=position))
    SeriesEntry.objects.bulk_create(entries)
    return {"series": 1 + courses, "series parts": len(entries)}
