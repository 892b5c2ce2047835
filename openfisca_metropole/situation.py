"""Compute variables for one situation written in the web API's JSON format.

Used by the ``metropole calcule`` command and importable in notebooks::

    from openfisca_metropole.situation import calcule, lit_situation
    resultats = calcule(lit_situation("menage.json"), "2025-06", ["rsa"])
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from openfisca_core import periods
from openfisca_core.errors import (
    ParameterNotFoundError,
    SituationParsingError,
    VariableNotFoundError,
)
from openfisca_core.indexed_enums import EnumArray
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder

from openfisca_metropole.erreurs import ErreurMetropole

# The outputs shown when neither the command nor the situation names any: the entry variables of the
# programs, in the order of the design card. Only those the system defines are computed.
VARIABLES_PAR_DEFAUT = (
    "rsa",
    "rsa_socle",
    "rsa_activite",
    "ppa",
    "ppa_bonification",
    "cmu_c",
    "acs",
    "css_participation_forfaitaire",
    "css_droit",
)


@lru_cache(maxsize=1)
def systeme():
    """The tax-benefit system, loaded once per process."""
    from openfisca_metropole import CountryTaxBenefitSystem

    return CountryTaxBenefitSystem()


def lit_situation(chemin: str | Path) -> dict:
    """Read a JSON situation file; malformed JSON raises ErreurMetropole naming line and column."""
    chemin = Path(chemin)
    try:
        texte = chemin.read_text(encoding="utf-8")
    except OSError as erreur:
        raise ErreurMetropole(f"{chemin}: cannot read the file ({erreur.strerror})") from erreur
    except UnicodeDecodeError as erreur:
        raise ErreurMetropole(f"{chemin}: not UTF-8 text ({erreur.reason})") from erreur
    return analyse_situation(texte, str(chemin))


def analyse_situation(texte: str, origine: str = "<situation>") -> dict:
    """Parse a JSON situation given as text."""
    try:
        situation = json.loads(texte)
    except json.JSONDecodeError as erreur:
        raise ErreurMetropole(
            f"{origine}: invalid JSON at line {erreur.lineno}, column {erreur.colno}: {erreur.msg}"
        ) from erreur
    if not isinstance(situation, dict):
        raise ErreurMetropole(f"{origine}: a situation is a JSON object with individus, familles, ...")
    return situation


def periode(texte: str):
    """Parse a period (``2025-06``, ``2025``, ``month:2025-01:3``) or raise ErreurMetropole."""
    try:
        return periods.period(texte)
    except (ValueError, TypeError, AttributeError) as erreur:
        raise ErreurMetropole(
            f"invalid period '{texte}': expected a month (2025-06) or a year (2025)"
        ) from erreur


def _chemin(erreur: SituationParsingError) -> str:
    """Flatten openfisca-core's nested error dict into ``path: message``."""
    morceaux: list[str] = []
    noeud: Any = erreur.error
    while isinstance(noeud, dict) and len(noeud) == 1:
        cle, noeud = next(iter(noeud.items()))
        morceaux.append(str(cle))
    message = noeud if isinstance(noeud, str) else json.dumps(noeud, ensure_ascii=False)
    return f"{'.'.join(morceaux)}: {message}" if morceaux else message


def verifie_variables(noms: list[str], tbs=None) -> None:
    """Raise ErreurMetropole for the first unknown name, with the closest known names."""
    tbs = tbs or systeme()
    for nom in noms:
        if nom not in tbs.variables:
            proches = difflib.get_close_matches(nom, tbs.variables, n=3)
            suggestion = f" (did you mean {', '.join(proches)}?)" if proches else ""
            raise ErreurMetropole(f"unknown variable '{nom}'{suggestion}")


def variables_demandees(situation: dict) -> list[str]:
    """Variables the situation asks for with a null value, as the web API does."""
    noms: list[str] = []
    for instances in situation.values():
        if not isinstance(instances, dict):
            continue
        for instance in instances.values():
            if not isinstance(instance, dict):
                continue
            for nom, valeurs in instance.items():
                if isinstance(valeurs, dict) and any(v is None for v in valeurs.values()):
                    if nom not in noms:
                        noms.append(nom)
    return noms


@dataclass
class Resultats:
    """Results by entity: ``valeurs[entity plural][instance id][variable] = value``."""

    periode: str
    variables: list[str]
    valeurs: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    entites: dict[str, str] = field(default_factory=dict)  # variable -> entity plural

    def en_dict(self) -> dict:
        return {"period": self.periode, "variables": self.variables, "results": self.valeurs}


def _valeur_python(valeur):
    if isinstance(valeur, np.generic):
        valeur = valeur.item()
    if isinstance(valeur, float):
        return round(valeur, 2)
    if hasattr(valeur, "isoformat"):
        return valeur.isoformat()
    if isinstance(valeur, bytes):
        return valeur.decode()
    return valeur


def _calcule_variable(simulation, variable, periode_calcul):
    """Compute ``variable`` over ``periode_calcul``, adapting to its definition period."""
    unite = variable.definition_period
    if unite == DateUnit.ETERNITY:
        return simulation.calculate(variable.name, periode_calcul)
    if unite == DateUnit.YEAR and periode_calcul.unit == DateUnit.MONTH:
        return simulation.calculate(variable.name, periode_calcul.this_year)
    if periode_calcul.unit == unite or periode_calcul.size_in_months == 1:
        return simulation.calculate(variable.name, periode_calcul)
    if variable.value_type in (float, int):
        return simulation.calculate_add(variable.name, periode_calcul)
    raise ErreurMetropole(
        f"variable '{variable.name}' is defined by {unite.value}: ask for it over a single {unite.value}"
    )


class ErreurAppartenance(ErreurMetropole):
    """A group that lists nobody or an unknown person, a person in two groups or in none: where
    (``chemin``, a list of keys) and what (``detail``)."""

    def __init__(self, chemin: list[str], detail: str) -> None:
        self.chemin = chemin
        self.detail = detail
        super().__init__(f"{'.'.join(chemin)}: {detail}")


def verifie_appartenances(situation: dict, tbs=None) -> None:
    """Each person in exactly one instance of each group entity the situation describes, and no
    empty group: openfisca-core would put a person left out into an automatic group and spread the
    other groups' values over it (a wrong result, or a crash), so this is refused up front. Raises
    ErreurAppartenance."""
    tbs = tbs or systeme()
    individus = situation.get("individus")
    if not isinstance(individus, dict) or not individus:
        raise ErreurAppartenance(["individus"], "a situation needs at least one person")
    for entite in tbs.entities:
        if entite.is_person or entite.plural not in situation:
            continue
        groupes = situation[entite.plural]
        if not isinstance(groupes, dict):
            raise ErreurAppartenance([entite.plural], f"expected an object of {entite.plural} by id")
        cles_roles = {role.plural or role.key for role in entite.roles}
        place: dict[str, str] = {}
        for groupe_id, groupe in groupes.items():
            if not isinstance(groupe, dict):
                raise ErreurAppartenance([entite.plural, groupe_id], "expected an object")
            membres = [
                (cle, personne)
                for cle, valeur in groupe.items()
                if cle in cles_roles
                for personne in (valeur if isinstance(valeur, list) else [valeur])
            ]
            if not membres:
                raise ErreurAppartenance([entite.plural, groupe_id], f"lists nobody: give its {' or '.join(sorted(cles_roles))}")
            for cle, personne in membres:
                ici = [entite.plural, groupe_id, cle]
                if not isinstance(personne, str) or personne not in individus:
                    raise ErreurAppartenance(ici, f"unknown person '{personne}'")
                if personne in place:
                    raise ErreurAppartenance(ici, f"'{personne}' is already in {entite.plural}.{place[personne]}")
                place[personne] = groupe_id
        absents = [personne for personne in individus if personne not in place]
        if absents:
            raise ErreurAppartenance(
                ["individus", absents[0]], f"in no {entite.key}; put every person in one of the {entite.plural}"
            )


def construit_simulation(situation: dict, tbs=None):
    """The simulation of ``situation`` (checked memberships first); raise ErreurMetropole naming
    what is wrong and where."""
    tbs = tbs or systeme()
    verifie_appartenances(situation, tbs)
    try:
        return SimulationBuilder().build_from_entities(tbs, situation)
    except SituationParsingError as erreur:
        if erreur.code == 404:  # an unknown variable in the situation: name it, with suggestions
            chemin = _chemin(erreur).split(":")[0]
            nom = chemin.rsplit(".", 1)[-1]
            try:
                verifie_variables([nom], tbs)
            except ErreurMetropole as inconnue:
                raise ErreurMetropole(f"{chemin}: {inconnue}") from erreur
        raise ErreurMetropole(_chemin(erreur)) from erreur
    except VariableNotFoundError as erreur:
        raise ErreurMetropole(str(erreur).splitlines()[0]) from erreur


def calcule_variable(simulation, variable, periode_calcul):
    """Compute ``variable`` over ``periode_calcul``; a parameter without a value at that date
    raises ErreurMetropole."""
    try:
        return _calcule_variable(simulation, variable, periode_calcul)
    except ParameterNotFoundError as erreur:
        raise ErreurMetropole(
            f"'{variable.name}' cannot be computed for {periode_calcul}: the parameter "
            f"{erreur.name} has no value on {erreur.instant_str}"
        ) from erreur


def calcule(situation: dict, period: str, variables: list[str] | None = None, tbs=None) -> Resultats:
    """Compute ``variables`` (default: those the situation asks for, else the programs' outputs)
    for ``period``; raise ErreurMetropole on anything wrong in the input."""
    tbs = tbs or systeme()
    periode_calcul = periode(period)
    if variables:
        verifie_variables(variables, tbs)
    else:
        variables = variables_demandees(situation) or [
            nom for nom in VARIABLES_PAR_DEFAUT if nom in tbs.variables
        ]
        if not variables:
            raise ErreurMetropole("nothing to compute: name variables with --variables")
    simulation = construit_simulation(situation, tbs)
    resultats = Resultats(periode=str(periode_calcul), variables=list(variables))
    for nom in variables:
        variable = tbs.variables[nom]
        population = simulation.get_population(plural=variable.entity.plural)
        valeurs = calcule_variable(simulation, variable, periode_calcul)
        if isinstance(valeurs, EnumArray):
            valeurs = valeurs.decode_to_str()
        resultats.entites[nom] = variable.entity.plural
        par_instance = resultats.valeurs.setdefault(variable.entity.plural, {})
        for identifiant, valeur in zip(population.ids, valeurs):
            par_instance.setdefault(str(identifiant), {})[nom] = _valeur_python(valeur)
    return resultats
