"""Running management commands as an operator would, in tests."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args):
    """The command's output (standard output and errors together)."""
    out = StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def fails(*args):
    """The CommandError the command ends with (the test fails if it succeeds)."""
    with pytest.raises(CommandError) as error:
        run(*args)
    return error.value


def failure_text(*args):
    """What the failing command says."""
    return str(fails(*args))
