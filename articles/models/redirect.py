"""The redirects an article's or a role's move leaves behind, and those editors write: never a
loop, as the site follows addresses (`articles.paths`)."""

from django.core.exceptions import ValidationError
from django.db import models

from articles.paths import redirect_loop


class Redirect(models.Model):
    """A permanent redirect from an address that used to show content (a slug changed)."""

    old_path = models.CharField(
        "ancienne adresse",
        max_length=500,
        unique=True,
        help_text="Le chemin de l'ancienne page, qui commence par « / ».",
    )
    new_path = models.CharField("nouvelle adresse", max_length=500)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "redirection"
        verbose_name_plural = "redirections"
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def clean(self):
        """Refuse a redirect an editor types that would loop (as the site follows addresses:
        the trailing-slash rule too, `articles.paths`) or not be a site path."""
        for field in ("old_path", "new_path"):
            value = getattr(self, field)
            if not value.startswith("/") or value.startswith("//"):
                raise ValidationError({field: "Une adresse du site, qui commence par « / »."})
        if self.old_path == self.new_path:
            raise ValidationError("Une redirection ne peut pas mener à elle-même.")
        others = Redirect.objects.exclude(pk=self.pk)
        loop = redirect_loop(
            self.old_path,
            self.new_path,
            lambda path: others.filter(old_path=path).values_list("new_path", flat=True).first(),
        )
        if loop:
            raise ValidationError(
                f"Boucle de redirections : {loop}. Un lecteur n'arriverait jamais ; "
                "choisissez une autre nouvelle adresse."
            )

    @classmethod
    def record_move(cls, old_path, new_path):
        """An address that showed content now shows it elsewhere: chains collapsed, and an
        address that shows content again stops redirecting."""
        if old_path == new_path:
            return
        cls.objects.filter(old_path=new_path).delete()  # the new address is live now
        cls.objects.filter(new_path=old_path).update(new_path=new_path)  # collapse chains
        cls.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path})
