"""Signing in to the admin: the form refuses a user name longer than any account's, in French,
before anything authenticates it; and django-axes records at most what its column holds.

A 256-character name used to reach axes, whose insert into `username varchar(255)` failed on
PostgreSQL (a 500 for anyone on the sign-in page)."""

from axes.models import AccessAttempt
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import MaxLengthValidator

AXES_USERNAME_MAX_LENGTH = AccessAttempt._meta.get_field("username").max_length


class LoginForm(AdminAuthenticationForm):
    """The admin's sign-in form, its user name checked against the accounts' limit (Django
    sets the input's `maxlength`, which only a browser heeds, and no validator)."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


def axes_username(request, credentials):
    """`AXES_USERNAME_CALLABLE`: the name axes records and locks, as sent, cut to what its
    column holds (and without the NUL that PostgreSQL refuses), whatever sent it."""
    data = credentials if credentials else getattr(request, "data", request.POST)
    username = data.get("username") if data else None
    if not isinstance(username, str):
        return username
    return username.replace("\x00", "")[:AXES_USERNAME_MAX_LENGTH]
