"""Build a large database for the benchmarks: 10,000 articles, 500 tags, roles and images.

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
    from django.db import connection

    from articles.search import refresh_vectors

    refresh_vectors(Article.objects.all())  # what save() does, on PostgreSQL
    refresh_vectors(Role.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as after any bulk load
    return {"articles": articles, "tags": tags, "roles": len(roles), "images": len(images)}
