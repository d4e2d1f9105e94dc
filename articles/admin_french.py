"""The admin's sentences that name a model, in French with the right article and gender.

Django's French catalog has one sentence per message for every model (« Ajout de %s »,
« Sélectionnez l'objet %s à changer », « Ajouter un objet %s supplémentaire »): it cannot say
« un article » and « une image ». The admin's templates (templates/admin/, through the filters
of articles/templatetags/admin_french.py) ask these helpers instead, by the verbose name. A
model missing from NOUNS keeps a neutral wording; tests/test_admin_french.py requires every
model the admin shows to be here. A content type's app declares its own nouns from its
`AppConfig.ready()` (`declare_nouns`), so a new type adds no line here."""

from django.utils.translation import gettext

MASCULINE, FEMININE = "m", "f"
VOWELS = tuple("aeiouyàâéèêëîïôœùûAEIOUYÉÈÊÎÔ")

# verbose name → gender. Nouns starting with a vowel take « l’ » and « cet ».
NOUNS = {
    "article": MASCULINE,
    "image": FEMININE,
    "redirection": FEMININE,
    "auteur": MASCULINE,
    "tag": MASCULINE,
    "tag d'article": MASCULINE,
    "utilisateur": MASCULINE,
    "groupe": MASCULINE,
    "permission": FEMININE,
    "tentative de connexion": FEMININE,
    "connexion": FEMININE,
    "échec de connexion": MASCULINE,
}


def declare_nouns(genders):
    """Add a content type's nouns ({verbose name: MASCULINE or FEMININE}), from its app's
    `ready()`."""
    NOUNS.update(genders)


def _name(name):
    return str(name)


def known(name):
    return _name(name) in NOUNS


def feminine(name):
    return NOUNS.get(_name(name)) == FEMININE


def indefinite(name):
    """« un article », « une image »."""
    name = _name(name)
    if not known(name):
        return f"un élément « {name} »"
    return f"{'une' if feminine(name) else 'un'} {name}"


def definite(name):
    """« l’article », « la redirection », « le tag »."""
    name = _name(name)
    if not known(name):
        return f"l’élément « {name} »"
    if name.startswith(VOWELS):
        return f"l’{name}"
    return f"{'la' if feminine(name) else 'le'} {name}"


def another(name):
    """« un autre rôle », « une autre image »."""
    name = _name(name)
    if not known(name):
        return f"un autre élément « {name} »"
    return f"{'une autre' if feminine(name) else 'un autre'} {name}"


def agreement(name):
    """The ending of an adjective agreeing with the noun: « sélectionné » + « e »."""
    return "e" if feminine(name) else ""


# Titles Django builds from a verbose name (django.contrib.admin, simple_history), and what
# they become. Compared with Django's own translation, so that only these titles change.
TITLES = {
    "Add %s": lambda n: f"Ajouter {indefinite(n)}",
    "Change %s": lambda n: f"Modifier {definite(n)}",
    "View %s": lambda n: f"Afficher {definite(n)}",
    "Select %s to change": lambda n: f"Sélectionnez {definite(n)} à modifier",
    "Select %s to view": lambda n: f"Sélectionnez {definite(n)} à afficher",
    "Select %s": lambda n: f"Sélectionnez {indefinite(n)}",
    "Revert %s": lambda n: f"Restaurer {definite(n)}",
}


def title(text, opts):
    """The page title `text` Django made for the model of `opts`, in correct French."""
    if not text or opts is None:
        return text
    name = getattr(opts, "verbose_name", None)
    if name is None:
        return text
    for msgid, french in TITLES.items():
        if text == gettext(msgid) % name:
            return french(name)
    return text
