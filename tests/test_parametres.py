"""Every parameter value is dated and referenced (title + Légifrance or official href), has a unit,
and the last known value says until when it was checked (metadata.last_value_still_valid_on)."""

from datetime import date

import pytest
import yaml

from openfisca_metropole import data_folder

FICHIERS = sorted(p for p in data_folder("parameters").rglob("*.yaml") if p.name != "index.yaml")
# Légifrance first; other official publishers only where the text is not on Légifrance
# (EU treaties, Banque de France rates, CNAF/DSS circulars, DREES statistics).
SOURCES_OFFICIELLES = (
    "https://www.legifrance.gouv.fr/",
    "https://eur-lex.europa.eu/",
    "https://www.banque-france.fr/",
    "https://www.service-public.fr/",
    "https://www.service-public.gouv.fr/",
    "https://www.securite-sociale.fr/",
    "https://bulletin-officiel.sante.gouv.fr/",
    "https://sante.gouv.fr/",
    "https://solidarites.gouv.fr/",
    "https://www.caf.fr/",
    "https://www.ameli.fr/",
    "https://www.complementaire-sante-solidaire.gouv.fr/",
    # Statistics, not law: the take-up rates of parameters/non_recours (the ministry's statistical
    # service, and the ministry's page on the prime d'activité evaluation).
    "https://drees.solidarites-sante.gouv.fr/",
    "http://social-sante.gouv.fr/",
    # The Métropole de Lyon's own publications, for its local aids (deliberations not published online).
    "https://met.grandlyon.com/",
    "https://aides-jeunes.grandlyon.com/",
)


def _feuilles(noeud, chemin):
    """Yield (path, node) for every node holding ``values`` (or ``brackets``)."""
    if "values" in noeud or "brackets" in noeud:
        yield chemin, noeud
        return
    for cle, valeur in noeud.items():
        if isinstance(valeur, dict) and cle not in ("metadata", "documentation"):
            yield from _feuilles(valeur, f"{chemin}.{cle}")


def test_parameter_files_exist():
    assert FICHIERS


@pytest.mark.parametrize("fichier", FICHIERS, ids=lambda p: str(p.relative_to(data_folder("parameters"))))
def test_parameter_values_are_dated_and_referenced(fichier):
    racine = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    for chemin, noeud in _feuilles(racine, fichier.stem):
        metadata = noeud.get("metadata") or {}
        assert noeud.get("description"), f"{chemin}: no description"
        assert metadata.get("unit"), f"{chemin}: metadata.unit missing"
        verifie = metadata.get("last_value_still_valid_on")
        assert verifie, f"{chemin}: metadata.last_value_still_valid_on missing"
        assert date.fromisoformat(str(verifie)) <= date.today()
        references = {str(k): v for k, v in (metadata.get("reference") or {}).items()}
        dates = [str(d) for d in noeud.get("values", {})]
        for bracket in noeud.get("brackets", []):
            for cle in ("threshold", "amount", "rate"):
                dates += [str(d) for d in bracket.get(cle, {})]
        for jour in sorted(set(dates)):
            entrees = references.get(jour)
            assert entrees, f"{chemin}: the value of {jour} has no reference"
            for entree in entrees:
                assert entree.get("title"), f"{chemin}: reference of {jour} without title"
                assert str(entree.get("href", "")).startswith(SOURCES_OFFICIELLES), (
                    f"{chemin}: reference of {jour} without an official href"
                )


def test_list_parameters_hold_strings(tbs):
    """YAML reads NO, YES, ON, OFF unquoted as booleans: a country list must hold strings only."""
    for fichier in FICHIERS:
        racine = yaml.safe_load(fichier.read_text(encoding="utf-8"))
        for chemin, noeud in _feuilles(racine, fichier.stem):
            for jour, valeur in (noeud.get("values") or {}).items():
                contenu = valeur.get("value") if isinstance(valeur, dict) else valeur
                if isinstance(contenu, list):
                    assert all(isinstance(x, str) for x in contenu), f"{chemin}@{jour}: {contenu}"
