"""The case-study pages as a reader sees them: the list and its filters, a case study with its
quotes, deliverables, video, call to action and related pages, the old addresses, the feed, the
sitemap, search, the page cache and the query counts."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Tag
from clients.models import CaseStudy, Deliverable, Quote, Scope, Tool

pytestmark = pytest.mark.django_db

VIDEO = "dQw4w9WgXcQ"


@pytest.fixture
def make_case_study(db, committed):
    counter = iter(range(1, 10_000))

    def make(name="Acme", *, scopes=(), tools=(), tags=(), days_ago=1, **fields):
        number = next(counter)
        fields.setdefault("slug", f"client-{number}")
        fields.setdefault("status", CaseStudy.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(days=days_ago))
        with committed():
            case_study = CaseStudy.objects.create(name=name, **fields)
            case_study.scopes.set(scopes)
            case_study.tools.set(tools)
            case_study.tags.set(list(tags))
        return case_study

    return make


@pytest.fixture
def labels(db):
    return {
        "acquisition": Scope.objects.create(name="Acquisition", slug="acquisition"),
        "negociation": Scope.objects.create(name="Négociation", slug="negociation"),
        "hubspot": Tool.objects.create(name="Hubspot", slug="hubspot"),
        "notion": Tool.objects.create(name="Notion", slug="notion"),
    }


@pytest.fixture
def full(make_case_study, labels, make_tag, committed):
    case_study = make_case_study(
        "Qonto",
        slug="qonto",
        title="Un cycle de vente deux fois plus court",
        subtitle="La néobanque des PME.",
        description="Comment Qonto a raccourci son cycle de vente avec un CRM repensé.",
        speaker="Marie Curie",
        speaker_role="Directrice commerciale & Associée",
        duration="12 mois",
        youtube_id=VIDEO,
        body="## Le contexte\n\nUne équipe de vente en pleine croissance.",
        scopes=[labels["acquisition"]],
        tools=[labels["hubspot"]],
        tags=[make_tag("crm")],
    )
    with committed():
        Quote.objects.create(case_study=case_study, position=0, text="Un **vrai** changement.")
        Quote.objects.create(case_study=case_study, position=1, text="Je recommande.")
        Deliverable.objects.create(case_study=case_study, position=0, text="Un pipeline unique")
        Deliverable.objects.create(case_study=case_study, position=1, text="Des tableaux de bord")
    return case_study


def text(response):
    return response.content.decode()


def test_the_list_shows_published_case_studies_newest_first(client, make_case_study):
    make_case_study("Ancien", title="Le plus ancien", subtitle="Une PME.", days_ago=30)
    make_case_study("Récent", title="Le plus récent", days_ago=1)
    make_case_study("Brouillon", status=CaseStudy.Status.DRAFT)
    make_case_study("Futur", published_at=timezone.now() + timedelta(days=3))
    response = client.get("/clients/")
    html = text(response)
    assert response.status_code == 200
    assert "<h1>Études de cas</h1>" in html
    assert html.index("Le plus récent") < html.index("Le plus ancien")
    assert "Une PME." in html and "Brouillon" not in html and "Futur" not in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/clients/">' in html
    assert 'href="/clients/flux/rss/"' in html


def test_the_navigation_links_to_the_case_studies(client, make_article):
    make_article("Un article")
    assert '<a href="/clients/">Études de cas</a>' in text(client.get("/blog/"))
    assert '<a href="/clients/" aria-current="page">Études de cas</a>' in text(
        client.get("/clients/")
    )


def test_filters_combine_and_show_their_chips(client, make_case_study, labels, make_tag):
    crm = make_tag("crm")
    make_case_study("Alpha", title="Alpha titre", scopes=[labels["acquisition"]],
                    tools=[labels["hubspot"]], tags=[crm])  # fmt: skip
    make_case_study("Beta", title="Beta titre", scopes=[labels["acquisition"]],
                    tools=[labels["notion"]])  # fmt: skip
    html = text(client.get("/clients/?perimetre=acquisition"))
    assert "Alpha titre" in html and "Beta titre" in html
    assert "Filtres actifs" in html and "Voir toutes les études de cas" in html
    assert 'aria-current="true">Acquisition' in html
    response = client.get("/clients/?perimetre=acquisition&outil=hubspot")
    html = text(response)
    assert "Alpha titre" in html and "Beta titre" not in html
    # Each active filter can be removed alone; the others stay.
    assert 'href="/clients/?perimetre=acquisition">Hubspot <span aria-hidden="true">×' in html
    assert 'href="/clients/?outil=hubspot">Acquisition <span aria-hidden="true">×' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Beta titre" not in text(client.get("/clients/?tag=crm"))


def test_an_empty_combination_says_so_and_offers_a_way_back(client, make_case_study, labels):
    make_case_study("Alpha", scopes=[labels["acquisition"]], tools=[labels["hubspot"]])
    make_case_study("Beta", scopes=[labels["negociation"]], tools=[labels["notion"]])
    response = client.get("/clients/?perimetre=acquisition&outil=notion")
    html = text(response)
    assert response.status_code == 200
    assert "Aucune étude de cas ne réunit tous ces filtres." in html
    assert 'href="/clients/?perimetre=acquisition">Notion' in html  # remove one filter
    assert "voyez toutes les études de cas" in html
    # An unknown slug is a filter like another: named, removable, never an error.
    html = text(client.get("/clients/?outil=inconnu&perimetre=%3Cscript%3E"))
    assert "Aucune étude de cas" in html and "<script>" not in html


def test_no_case_study_yet(client):
    html = text(client.get("/clients/"))
    assert "Aucune étude de cas publiée pour le moment." in html


def test_a_case_study_page_shows_everything(client, full, settings):
    settings.CLIENTS_CTA_URL = "https://exemple.fr/contact"
    response = client.get("/clients/qonto/")
    html = text(response)
    assert response.status_code == 200
    assert "Qonto" in html and "Un cycle de vente deux fois plus court" in html
    assert "La néobanque des PME." in html
    assert "Marie Curie" in html and "Directrice commerciale &amp; Associée" in html
    assert "12\u00a0mois" in html or "12 mois" in html
    assert 'href="/clients/?perimetre=acquisition">Acquisition' in html
    assert 'href="/clients/?outil=hubspot">Hubspot' in html
    assert '<figure class="quote">' in html and "<blockquote><p>Un <strong>vrai</strong>" in html
    assert '<h2 id="livrables">Livrables</h2>' in html
    assert "<li>Un pipeline unique</li>" in html
    assert "Une équipe de vente en pleine croissance." in html
    assert f'data-embed-src="https://www.youtube-nocookie.com/embed/{VIDEO}?autoplay=1"' in html
    assert "<iframe" not in html  # the facade: nothing loads before the click
    assert 'href="https://exemple.fr/contact">Discutons de votre projet</a>' in html


def test_the_call_to_action_defaults_to_the_site_one(client, full, settings):
    settings.CLIENTS_CTA_URL = ""
    assert "Discutons de votre projet" not in text(client.get("/clients/qonto/"))


def test_drafts_are_not_found_by_readers(client, make_case_study):
    make_case_study("Secret", slug="secret", status=CaseStudy.Status.DRAFT)
    assert client.get("/clients/secret/").status_code == 404
    assert client.get("/clients/inconnu/").status_code == 404


def test_staff_preview_a_draft_privately(staff_client, make_case_study):
    make_case_study("Secret", slug="secret", status=CaseStudy.Status.DRAFT)
    response = staff_client.get("/clients/secret/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Aperçu réservé à l’équipe" in text(response)


def test_seo_of_a_case_study(client, full):
    html = text(client.get("/clients/qonto/"))
    assert "<title>Qonto : Un cycle de vente deux fois plus court — " in html
    assert '<meta name="description" content="Comment Qonto a raccourci' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/clients/qonto/">' in html
    assert '<meta property="og:type" content="article">' in html
    blocks = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    article = next(b for b in blocks if b["@type"] == "Article")
    assert article["about"] == {"@type": "Organization", "name": "Qonto"}
    speaker = article["mentions"][0]
    assert speaker["@type"] == "Person" and speaker["name"] == "Marie Curie"
    assert speaker["jobTitle"] == "Directrice commerciale & Associée"
    assert article["citation"][0]["creator"]["name"] == "Marie Curie"
    assert article["video"][0]["embedUrl"].endswith(VIDEO)
    assert any(b["@type"] == "BreadcrumbList" for b in blocks)


@pytest.mark.parametrize(
    "old", ["/stories/qonto", "/stories/qonto/", "/testimonial/qonto", "/testimonial/qonto/"]
)
def test_old_addresses_answer_301(client, old):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == "/clients/qonto/"


def test_related_case_studies_and_articles(client, full, make_case_study, labels, make_article,
                                           make_tag):  # fmt: skip
    make_case_study("Voisin", title="Même périmètre", scopes=[labels["acquisition"]])
    make_case_study("Étranger", title="Rien en commun", scopes=[labels["negociation"]])
    make_case_study("Proche", title="Périmètre et tag", scopes=[labels["acquisition"]],
                    tags=[full.tags.get()], days_ago=40)  # fmt: skip
    make_article("Un article sur le CRM", tags=[make_tag("crm-bis"), full.tags.get()])
    make_article("Un article sans rapport")
    html = text(client.get("/clients/qonto/"))
    assert "D’autres études de cas" in html and "Même périmètre" in html
    assert "Rien en commun" not in html
    # The most shared first (a scope and a tag), however older.
    assert html.index("Périmètre et tag") < html.index("Même périmètre")
    assert "À lire aussi sur le blog" in html and "Un article sur le CRM" in html
    assert "Un article sans rapport" not in html


def test_the_feed_lists_published_case_studies(client, full, make_case_study):
    make_case_study("Brouillon", status=CaseStudy.Status.DRAFT)
    response = client.get("/clients/flux/rss/")
    body = text(response)
    assert response.status_code == 200 and "application/rss+xml" in response["Content-Type"]
    assert "<title>Qonto : Un cycle de vente deux fois plus court</title>" in body
    assert "<link>http://127.0.0.1:8000/clients/qonto/</link>" in body
    assert "<category>Acquisition</category>" in body
    assert "Brouillon" not in body


def test_the_sitemap_lists_case_studies_and_their_index(client, full, make_case_study):
    make_case_study("Brouillon", slug="brouillon", status=CaseStudy.Status.DRAFT)
    body = text(client.get("/sitemap.xml"))
    assert "<loc>http://127.0.0.1:8000/clients/qonto/</loc>" in body
    assert "<loc>http://127.0.0.1:8000/clients/</loc>" in body
    assert "/clients/brouillon/" not in body


def test_search_finds_case_studies(client, full, committed, make_case_study):
    make_case_study("Brouillon", title="Cycle caché", status=CaseStudy.Status.DRAFT)
    html = text(client.get("/blog/recherche/?q=neobanque"))
    assert "Études de cas (1)" in html
    assert 'href="/clients/qonto/">Qonto : Un cycle de vente' in html
    assert "Aucun article ne correspond, mais des études de cas, ci-dessus." in html
    assert "Cycle caché" not in text(client.get("/blog/recherche/?q=cycle"))


def test_search_filters_case_studies_by_their_tags(client, full, make_case_study, make_article):
    """The search's tag navigation counts the case studies found with the articles, and a tag
    narrows both: a case study by its own tags."""
    data = Tag.objects.create(name="Data & Performance", slug="data-performance")
    make_case_study("Beta", slug="beta", title="Un cycle de vente mesuré", tags=[data])
    make_article("Le cycle de vente en CRM", tags=[full.tags.get()])
    html = text(client.get("/blog/recherche/?q=cycle"))
    assert "Études de cas (2)" in html
    nav = re.search(r'<nav class="tag-filter".*?</nav>', html, re.S).group(0)
    assert 'href="/blog/recherche/?q=cycle&amp;tag=data-performance"' in nav
    assert re.search(r"Data &amp; Performance.*?>1<span class=\"visually-hidden\"> résultat<", nav)
    assert re.search(r"crm.*?>2<span class=\"visually-hidden\"> résultats<", nav)
    narrowed = text(client.get("/blog/recherche/?q=cycle&tag=data-performance"))
    assert "Études de cas (1)" in narrowed and 'href="/clients/beta/"' in narrowed
    assert "Qonto" not in narrowed and "Le cycle de vente en CRM" not in narrowed
    by_crm = text(client.get("/blog/recherche/?q=cycle&tag=crm"))
    assert 'href="/clients/qonto/"' in by_crm and 'href="/clients/beta/"' not in by_crm
    assert "Le cycle de vente en CRM" in by_crm


# A cold page (nothing cached yet), pinned: the same however many case studies, labels, quotes
# or related pages there are.
COLD_QUERIES = {
    "/clients/": 5,  # next schedule, the scopes, tools and tags in use, the case studies
    "/clients/?perimetre=acquisition&tag=crm": 5,
    # The case study (hero), its scopes, tools, tags, quotes and deliverables, the next
    # schedule, related case studies, related articles and their tags.
    "/clients/qonto/": 10,
}


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_cold_pages_stay_within_twelve_queries(client, full, make_case_study, labels,
                                               make_article, make_tag):  # fmt: skip
    for n in range(4):
        other = make_case_study(f"Client {n}", scopes=list(labels.values())[:2],
                                tags=[full.tags.get()])  # fmt: skip
        Quote.objects.create(case_study=other, text="Bien.")
        make_article(f"Article {n}", tags=[full.tags.get()])
    measured = {}
    for url in COLD_QUERIES:
        caches["default"].clear()  # cold: no shared fragment either
        measured[url] = count(client, url)
    assert measured == COLD_QUERIES
    assert max(measured.values()) <= 12


@pytest.mark.django_db(transaction=True)
def test_pages_come_from_the_cache_and_show_an_edit_at_once(client, settings, labels):
    settings.PAGE_CACHE_SECONDS = 3600
    case_study = CaseStudy.objects.create(
        name="Qonto", slug="qonto", title="Avant", status=CaseStudy.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    for url in ("/clients/", "/clients/qonto/", "/clients/flux/rss/"):
        assert client.get(url)["X-Cache"] == "MISS"
        assert client.get(url)["X-Cache"] == "HIT"
    case_study.title = "Après la mission"
    case_study.save()
    for url in ("/clients/", "/clients/qonto/", "/clients/flux/rss/"):
        response = client.get(url)
        assert response["X-Cache"] == "MISS" and "Après la mission" in text(response), url
    case_study.scopes.add(labels["acquisition"])  # a relation alone, without a save
    response = client.get("/clients/qonto/")
    assert response["X-Cache"] == "MISS" and "Acquisition" in text(response)
    labels["acquisition"].name = "Acquisition client"
    labels["acquisition"].save()  # a label renamed shows on the list's filters
    for url in ("/clients/", "/clients/qonto/"):
        response = client.get(url)
        assert response["X-Cache"] == "MISS" and "Acquisition client" in text(response), url


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_case_study_appears_at_its_time_on_cached_pages(client, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    at = timezone.now() + timedelta(hours=1)
    CaseStudy.objects.create(
        name="Qonto", slug="qonto", title="À midi pile", status=CaseStudy.Status.PUBLISHED,
        published_at=at,
    )  # fmt: skip
    assert "À midi pile" not in text(client.get("/clients/"))
    assert client.get("/clients/")["X-Cache"] == "HIT"
    with time_machine.travel(at + timedelta(seconds=5)):
        response = client.get("/clients/")
        assert response["X-Cache"] == "MISS" and "À midi pile" in text(response)
