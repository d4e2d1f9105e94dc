"""The lock files pin what pyproject.toml asks for: `make run`, `make test` and CI install from
them (`pip install --require-hashes --no-deps`), so a dependency added to pyproject.toml without
`make lock` would be missing on a fresh clone, and this test says which."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN_RE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pins(lock_file):
    text = (ROOT / lock_file).read_text()
    return {canonicalize_name(name): version for name, version in PIN_RE.findall(text)}, text


def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


@pytest.mark.parametrize(
    ("lock_file", "groups"),
    [("requirements.txt", ["runtime"]), ("requirements-dev.txt", ["runtime", "dev"])],
)
def test_every_dependency_is_pinned_within_its_range(lock_file, groups):
    locked, _ = pins(lock_file)
    wanted = {
        "runtime": project()["dependencies"],
        "dev": project()["optional-dependencies"]["dev"],
    }
    problems = []
    for group in groups:
        for line in wanted[group]:
            requirement = Requirement(line)
            version = locked.get(canonicalize_name(requirement.name))
            if version is None:
                problems.append(f"{requirement.name}: absent de {lock_file} (lancer `make lock`)")
            elif not requirement.specifier.contains(version, prereleases=True):
                problems.append(
                    f"{requirement.name}=={version} hors de « {requirement.specifier} »"
                )
    assert problems == []


@pytest.mark.parametrize("lock_file", ["requirements.txt", "requirements-dev.txt"])
def test_every_pin_carries_hashes(lock_file):
    _, text = pins(lock_file)
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    unhashed = [
        entry.split()[0] for entry in entries if "==" in entry and "--hash=sha256:" not in entry
    ]
    assert unhashed == []


def test_ruff_is_pinned_exactly():
    dev = [Requirement(line) for line in project()["optional-dependencies"]["dev"]]
    ruff = next(requirement for requirement in dev if requirement.name == "ruff")
    assert str(ruff.specifier).startswith("==")
