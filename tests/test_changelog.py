"""CHANGELOG.md: the package version is its first entry's; each group names programs of the registry
and the legal periods it affects (or is a scenario or tool group)."""

import re
import tomllib
from pathlib import Path

from openfisca_metropole.registre import charge

RACINE = Path(__file__).resolve().parents[1]
VERSION = re.compile(r"^## (\d+)\.(\d+)\.(\d+) — ")
PERIODE = r"\d{4}-\d{2}-\d{2} → (\d{4}-\d{2}-\d{2}|aujourd'hui)"
GROUPE = re.compile(rf"^### ([a-z_]+(, [a-z_]+)*) — ({PERIODE})(, {PERIODE})*$")


def _lignes():
    return (RACINE / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()


def test_version_is_the_first_entry():
    versions = [tuple(int(n) for n in VERSION.match(l).groups()) for l in _lignes() if VERSION.match(l)]
    assert versions, "no '## X.Y.Z — ' entry"
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    projet = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert projet == ".".join(str(n) for n in versions[0])


def test_groups_name_programs_and_periods():
    programmes = set(charge())
    groupes = [l for l in _lignes() if l.startswith("### ")]
    assert groupes
    for groupe in groupes:
        if groupe.startswith(("### Scénarios", "### Outils")):
            continue
        trouve = GROUPE.match(groupe)
        assert trouve, f"'{groupe}' names no program and period"
        for nom in trouve.group(1).split(", "):
            assert nom in programmes, f"'{nom}' is not in programs.yaml"
        for debut, fin in re.findall(r"(\d{4}-\d{2}-\d{2}) → (\d{4}-\d{2}-\d{2}|aujourd'hui)", groupe):
            assert fin == "aujourd'hui" or debut < fin, groupe


def test_every_entry_has_groups():
    entree, groupes = None, {}
    for ligne in _lignes():
        if VERSION.match(ligne):
            entree = ligne
            groupes[entree] = 0
        elif ligne.startswith("### ") and entree:
            groupes[entree] += 1
    assert groupes and all(groupes.values()), groupes
