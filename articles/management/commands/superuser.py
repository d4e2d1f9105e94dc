"""`make superuser`: create an administrator account, asking in French.

Asks « Nom d'utilisateur », « Adresse e-mail » (may be left empty) and « Mot de passe » twice;
each answer is checked at once (a name already taken, a malformed address, a password the
validators refuse, two passwords that differ) and asked again with the reason. Nothing is
created until every answer is valid; Ctrl-C or the end of the input cancels. Passwords are
read without echo on a terminal, as lines otherwise (a pipe, the tests).

Without prompts (scripts): `manage.py createsuperuser --noinput` with the DJANGO_SUPERUSER_*
variables, as the README says."""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

MAX_TRIES = 5


class Command(BaseCommand):
    help = "Crée un compte administrateur (superutilisateur) en posant les questions en français."
    stealth_options = ("stdin",)

    def handle(self, *args, **options):
        self.stdin = options.get("stdin") or sys.stdin
        self.model = get_user_model()
        try:
            username = self.ask(self.read_line, "Nom d'utilisateur : ", self.check_username)
            email = self.ask(self.read_line, "Adresse e-mail (facultative) : ", self.check_email)
            password = self.ask_password(username, email)
        except (KeyboardInterrupt, EOFError):
            self.stderr.write("\nCréation annulée : aucun compte créé.")
            raise CommandError("Création annulée.") from None
        with transaction.atomic():
            self.model.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(f"Compte administrateur « {username} » créé.")

    def read_line(self, prompt):
        self.stdout.write(prompt, ending="")
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    def read_secret(self, prompt):
        if hasattr(self.stdin, "isatty") and self.stdin.isatty():
            return getpass.getpass(prompt)
        return self.read_line(prompt)

    def ask(self, read, prompt, check):
        for _ in range(MAX_TRIES):
            value = read(prompt)
            try:
                return check(value)
            except ValidationError as error:
                self.stderr.write("Erreur : " + " ".join(error.messages))
        raise CommandError(f"Trop d'essais ({MAX_TRIES}) : aucun compte créé.")

    def check_username(self, value):
        value = value.strip()
        if not value:
            raise ValidationError("le nom d'utilisateur ne peut pas être vide.")
        field = self.model._meta.get_field(self.model.USERNAME_FIELD)
        field.run_validators(value)
        if self.model._default_manager.filter(**{self.model.USERNAME_FIELD: value}).exists():
            raise ValidationError(f"le nom « {value} » est déjà pris.")
        return value

    @staticmethod
    def check_email(value):
        value = value.strip()
        if value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValidationError(f"« {value} » n'est pas une adresse e-mail valide.") from None
        return value

    def ask_password(self, username, email):
        for _ in range(MAX_TRIES):
            password = self.read_secret("Mot de passe : ")
            again = self.read_secret("Mot de passe (confirmation) : ")
            if password != again:
                self.stderr.write("Erreur : les deux mots de passe ne sont pas identiques.")
                continue
            if not password.strip():
                self.stderr.write("Erreur : le mot de passe ne peut pas être vide.")
                continue
            try:
                validate_password(password, self.model(username=username, email=email))
            except ValidationError as error:
                self.stderr.write("Erreur : " + " ".join(error.messages))
                continue
            return password
        raise CommandError(f"Trop d'essais ({MAX_TRIES}) : aucun compte créé.")
