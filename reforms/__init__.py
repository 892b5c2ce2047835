"""Reforms and counterfactuals, each a documented openfisca-core ``Reform``; this registry names them
for ``metropole compare`` and lets a comparison set their parameters (``--param key=value``).

A reform with parameters declares them with their defaults in its class attribute ``parametres``;
``construit`` returns a subclass whose ``parametres`` hold the values asked for, so the class used by
``openfisca serve -r openfisca_metropole.reforms.<module>.<Class>`` keeps its defaults.
"""

from __future__ import annotations

import importlib

from openfisca_metropole.erreurs import ErreurMetropole

# name -> module (the class has the module's name)
REFORMES = {
    "css_automatique": "Scénario : CSS attribuée automatiquement avec le RSA ou la prime d'activité",
    "rsa_jeunes": "Scénario : RSA ouvert dès 18 ans, avec ou sans condition d'heures de travail (paramètres age, heures, debut)",
    "revalorisation": "Scénario : montant forfaitaire du RSA et de la prime × (1 + taux) (paramètres taux, debut)",
    "declaration_preremplie": "Scénario : ressources préremplies, mois de référence M-3..M-1 et non-recours réduit (paramètres decalage, baisse_non_recours, debut)",
    "revenu_solidarite_jeunes_lyon": "Aide locale : revenu de solidarité jeunes de la Métropole de Lyon (18-24 ans, depuis juin 2021)",
    "obligation_15_heures": "Scénario : 15 heures d'activité et suspension-remobilisation du RSA (paramètres part_sanctionnee, taux_suspension, graine, debut)",
    "compte_insertion_heures": "Proposition : compte épargne insertion, heures de clauses sociales mises en commun, contrat de 6 mois à 900 heures (paramètres seuil_heures, duree_mois, heures_hebdomadaires, ratio_net_brut, debut)",
    "complement_metropole": "Scénario : complément de la Métropole aux foyers au RSA (paramètres montant, par_personne, debut)",
    "mois_reference_avant_2025": "Contrefactuel : mois de référence du RSA et de la prime avant le décret 2025-185",
    "css_mois_reference_avant_2022": "Contrefactuel : ressources de la CSS sur M-12..M-1 après 2021",
    "ppa_parametres_mois_de_reference": "Lecture d'openfisca-france : chaque prime intermédiaire sous la législation de son mois",
}


class ErreurReforme(ErreurMetropole, ValueError):
    """An unknown reform, or a parameter no reform asked for takes."""


def classe(nom: str):
    """The Reform class registered as ``nom``."""
    if nom not in REFORMES:
        raise ErreurReforme(f"unknown reform '{nom}': expected one of {', '.join(REFORMES)}")
    module = importlib.import_module(f"{__name__}.{nom}")
    return getattr(module, nom)


def _convertit(nom: str, cle: str, texte: str, defaut):
    if isinstance(defaut, bool):
        if texte.lower() not in ("true", "false", "1", "0", "oui", "non"):
            raise ErreurReforme(f"{nom}: parameter {cle} expects true or false, not '{texte}'")
        return texte.lower() in ("true", "1", "oui")
    try:
        return type(defaut)(texte)
    except ValueError as erreur:
        raise ErreurReforme(f"{nom}: parameter {cle} expects a {type(defaut).__name__}, not '{texte}'") from erreur


def construit(noms: list[str], parametres: dict[str, str] | None = None) -> list:
    """The Reform classes ``noms``, with ``parametres`` ({key: text}) given to every chosen reform that
    declares the key; a key no chosen reform declares is an error."""
    parametres = dict(parametres or {})
    classes, utilises = [], set()
    for nom in noms:
        reforme = classe(nom)
        defauts = getattr(reforme, "parametres", {})
        valeurs = {cle: _convertit(nom, cle, parametres[cle], defaut) for cle, defaut in defauts.items() if cle in parametres}
        if valeurs:
            reforme = type(reforme.__name__, (reforme,), {"parametres": {**defauts, **valeurs}})
        utilises.update(valeurs)
        classes.append(reforme)
    inconnus = [cle for cle in parametres if cle not in utilises]
    if inconnus:
        raise ErreurReforme(f"parameter '{inconnus[0]}' is not one of the reforms {', '.join(noms)}")
    return classes


def versements(noms: list[str]) -> dict[str, str]:
    """The amounts the reforms ``noms`` pay on top of the programs (a variable each, famille, € a month),
    with the program whose claim each follows: {variable: program}; None: received by every famille
    entitled to it."""
    total: dict[str, str | None] = {}
    for nom in noms:
        total.update(getattr(classe(nom), "versements", {}))
    return total


def applique(tbs, noms: list[str], parametres: dict[str, str] | None = None):
    """``tbs`` with the reforms ``noms`` applied in order."""
    for reforme in construit(noms, parametres):
        try:
            tbs = reforme(tbs)
        except ValueError as erreur:  # a parameter out of its range, said by the reform
            raise ErreurReforme(str(erreur)) from erreur
    return tbs


def formule_de_la_loi(variable):
    """A function (population, period) computing ``variable`` as the law does at ``period``: its dated
    formula under the system's parameters, without going through the simulation's cache (so that a
    reform can build on the law's value of the variable it replaces)."""

    def calcule(population, period):
        formule = variable.get_formula(period)
        parametres = population.simulation.tax_benefit_system.get_parameters_at_instant
        return formule(*(population, period, parametres)[: formule.__code__.co_argcount])

    return calcule


def avec_formule(variable, debut: str, formule):
    """A copy of ``variable`` with one more dated formula, ``formule``, from ``debut`` on: the class
    to give ``Reform.update_variable``. openfisca-core reads a variable's attributes and formulas from
    its class's own ``__dict__``, so the law's class is copied rather than subclassed."""
    from openfisca_core.variables import Variable

    attributs = {nom: valeur for nom, valeur in type(variable).__dict__.items() if not nom.startswith("__")}
    attributs["formula_" + debut.replace("-", "_")] = formule
    return type(variable.name, (Variable,), attributs)


def revalorise(parametre, debut: str, facteur: float) -> None:
    """Multiply by ``facteur`` the values of ``parametre`` in force from ``debut`` on (the one in force
    at ``debut`` and every later one)."""
    from openfisca_core import periods

    en_vigueur = parametre(debut)
    suivantes = [v for v in parametre.values_list if v.instant_str > debut]
    for valeur in suivantes:
        valeur.value = valeur.value * facteur
    fin = min((v.instant_str for v in suivantes), default=None)
    if en_vigueur is not None:
        # ``update`` replaces the values of [start, stop], stop included.
        veille = periods.instant(fin).offset(-1, "day") if fin else None
        parametre.update(start=periods.instant(debut), stop=veille, value=en_vigueur * facteur)
