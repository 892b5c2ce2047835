"""Explain a result: the computation of one variable for one situation as a tree, from openfisca-core's
tracer (``metropole explique``), so that a social worker can justify an amount to the household.

Each node is a variable computed for a period: its French label, its value for each instance of its
entity, the parameters its formula read (value, date from which it is in force, legal references) and
the variables it read in turn. A subtree already shown is not repeated; below ``profondeur`` the tree
is cut, saying how many computations are left out.

    from openfisca_metropole.explication import explique, texte
    from openfisca_metropole.situation import lit_situation
    print(texte(explique(lit_situation("menage.json"), "rsa", "2025-06", profondeur=3)))

Uses only the tracer attributes that openfisca-core 44 and 46 share: ``FullTracer.trees`` and, on each
``TraceNode``, ``name``, ``period``, ``value``, ``children`` and ``parameters`` (name, period, value).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from openfisca_core.indexed_enums import EnumArray

from openfisca_metropole import explorateur
from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.situation import (
    calcule_variable,
    construit_simulation,
    periode,
    systeme,
    verifie_variables,
)

RETRAIT = "   "


@dataclass
class ParametreUtilise:
    """A parameter a formula read: its value on ``date`` and the value's legal references."""

    nom: str
    date: str
    valeur: Any
    texte_valeur: str
    debut: str | None = None  # the day the value took effect
    references: list[dict] = field(default_factory=list)

    def en_dict(self) -> dict:
        return {
            "parametre": self.nom,
            "date": self.date,
            "valeur": self.valeur,
            "en_vigueur_depuis": self.debut,
            "references": self.references,
        }


@dataclass
class Noeud:
    """A variable computed for a period, with what its formula read."""

    variable: str
    libelle: str
    periode: str
    entite: str
    valeurs: dict[str, Any]  # instance id -> value
    parametres: list[ParametreUtilise] = field(default_factory=list)
    enfants: list["Noeud"] = field(default_factory=list)
    calcule_plus_haut: bool = False  # computed and shown above: not repeated
    calculs_omis: int = 0  # computations below the depth limit, left out

    def en_dict(self) -> dict:
        return {
            "variable": self.variable,
            "libelle": self.libelle,
            "periode": self.periode,
            "entite": self.entite,
            "valeurs": self.valeurs,
            "parametres": [p.en_dict() for p in self.parametres],
            "calcule_plus_haut": self.calcule_plus_haut,
            "calculs_omis": self.calculs_omis,
            "enfants": [e.en_dict() for e in self.enfants],
        }


@dataclass
class Explication:
    variable: str
    periode: str
    arbres: list[Noeud]

    def en_dict(self) -> dict:
        return {"variable": self.variable, "periode": self.periode, "arbres": [a.en_dict() for a in self.arbres]}


def _valeur_python(valeur):
    if isinstance(valeur, np.generic):
        valeur = valeur.item()
    if isinstance(valeur, float):
        return round(valeur, 2)
    if isinstance(valeur, (datetime.date, np.datetime64)):
        return str(valeur)
    if isinstance(valeur, bytes):
        return valeur.decode()
    return valeur


def _valeurs(valeur, ids) -> dict[str, Any]:
    if valeur is None:
        return {}
    if isinstance(valeur, EnumArray):
        valeur = valeur.decode_to_str()
    tableau = np.asarray(valeur)
    if tableau.ndim == 0:
        tableau = tableau.reshape(1)
    if len(tableau) != len(ids):  # not one value per instance: keep them as they are
        return {"valeur": [_valeur_python(v) for v in tableau]}
    return {str(i): _valeur_python(v) for i, v in zip(ids, tableau)}


def _parametre(trace, tbs, cache: dict) -> ParametreUtilise:
    """What a tracer's parameter record says, completed from the parameter file."""
    nom, date = trace.name, str(trace.period)
    valeur = trace.value
    # A vector lookup (``bareme[zone]``) is traced as an array of one value per instance; a parameter
    # whose value is a list (``geopolitique.ue_eee_suisse``) as a Python list, the same for everyone.
    selon_instance = False
    if isinstance(valeur, np.ndarray):
        uniques = list(dict.fromkeys(valeur.tolist()))
        selon_instance = len(uniques) > 1
        valeur = uniques[0] if len(uniques) == 1 else uniques
    elif isinstance(valeur, np.generic):
        valeur = valeur.item()
    cle = (nom, date)
    if cle not in cache:
        debut, references, metadata = None, [], {}
        try:
            parametre = explorateur.cherche(nom, tbs)
        except ErreurMetropole:
            parametre = None
        exacte = None
        if parametre is not None and hasattr(parametre, "values_list"):
            metadata = parametre.metadata
            en_vigueur = explorateur.valeur_au(parametre, explorateur.jour(date[:10]))
            if en_vigueur is not None:
                debut, references, exacte = en_vigueur.debut, en_vigueur.references, en_vigueur.valeur
        cache[cle] = (debut, references, metadata, exacte)
    debut, references, metadata, exacte = cache[cle]
    if exacte is not None and not selon_instance:
        valeur = exacte  # as written in the file, not the float32 the formula saw
    if selon_instance:
        texte_valeur = " ou ".join(explorateur.format_valeur(v, metadata) for v in valeur) + " selon l'instance"
    else:
        texte_valeur = explorateur.format_valeur(valeur, metadata)
    return ParametreUtilise(nom, date, valeur, texte_valeur, debut, references)


def _compte(trace, cles: set | None = None) -> int:
    """How many distinct computations (variable, period) lie below ``trace``."""
    cles = set() if cles is None else cles
    for enfant in trace.children:
        cles.add((enfant.name, str(enfant.period)))
        _compte(enfant, cles)
    return len(cles)


def _complets(trace, complets: dict) -> dict:
    """(variable, period) -> the trace node where it was computed (it read something), for the first
    such node in the trace; later reads find the value in openfisca-core's cache and are leaves."""
    cle = (trace.name, str(trace.period))
    if cle not in complets and (trace.children or trace.parameters):
        complets[cle] = trace
    for enfant in trace.children:
        _complets(enfant, complets)
    return complets


def _noeud(trace, simulation, tbs, profondeur, vus: dict, cache: dict, complets: dict) -> Noeud:
    variable = tbs.variables.get(trace.name)
    entite = variable.entity if variable is not None else None
    ids = list(simulation.get_population(plural=entite.plural).ids) if entite is not None else []
    noeud = Noeud(
        variable=trace.name,
        libelle=(variable.label if variable is not None and variable.label else trace.name),
        periode=str(trace.period),
        entite=entite.plural if entite is not None else "",
        valeurs=_valeurs(trace.value, ids),
    )
    cle = (trace.name, str(trace.period))
    if cle in vus:
        # openfisca-core computes a variable once a period: a second read finds the value in the
        # cache (a leaf in the trace). Say where it was computed, unless it was an input.
        noeud.calcule_plus_haut = vus[cle]
        return noeud
    # The computation itself, wherever it happened: its first read may lie in a subtree cut above.
    trace = complets.get(cle, trace)
    parametres_vus = set()
    for trace_parametre in trace.parameters:
        if (trace_parametre.name, str(trace_parametre.period)) in parametres_vus:
            continue
        parametres_vus.add((trace_parametre.name, str(trace_parametre.period)))
        noeud.parametres.append(_parametre(trace_parametre, tbs, cache))
    if profondeur is not None and profondeur <= 0:
        noeud.calculs_omis = _compte(trace)
        if not noeud.calculs_omis:  # nothing left out: shown in full
            vus[cle] = bool(trace.parameters)
        return noeud
    # Only what is shown in full is "calculé plus haut" afterwards.
    vus[cle] = bool(trace.children or trace.parameters)
    enfants_vus = set()
    for enfant in trace.children:
        cle_enfant = (enfant.name, str(enfant.period))
        if cle_enfant in enfants_vus:  # read twice by the same formula: shown once
            continue
        enfants_vus.add(cle_enfant)
        noeud.enfants.append(
            _noeud(enfant, simulation, tbs, None if profondeur is None else profondeur - 1, vus, cache, complets)
        )
    return noeud


def explique(situation: dict, nom: str, period: str, profondeur: int | None = None, tbs=None) -> Explication:
    """The computation of ``nom`` over ``period`` for ``situation`` as a tree of at most
    ``profondeur`` levels below the variable (None: all); ErreurMetropole on any bad input."""
    tbs = tbs or systeme()
    periode_calcul = periode(period)
    verifie_variables([nom], tbs)
    if profondeur is not None and profondeur < 0:
        raise ErreurMetropole(f"invalid depth {profondeur}: expected 0 or more")
    simulation = construit_simulation(situation, tbs)
    simulation.trace = True
    calcule_variable(simulation, tbs.variables[nom], periode_calcul)
    vus: dict = {}  # (variable, period) shown in full -> whether its computation read anything
    cache: dict = {}
    complets: dict = {}
    for arbre in simulation.tracer.trees:
        _complets(arbre, complets)
    arbres = [_noeud(arbre, simulation, tbs, profondeur, vus, cache, complets) for arbre in simulation.tracer.trees]
    return Explication(nom, str(periode_calcul), arbres)


# -- Text ------------------------------------------------------------------------------------------


def _format(valeur) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, float):
        return f"{valeur:,.2f}".replace(",", " ")
    if isinstance(valeur, int):
        return f"{valeur:,}".replace(",", " ")
    if isinstance(valeur, list):
        return "[" + ", ".join(_format(v) for v in valeur) + "]"
    return str(valeur)


def _texte_valeurs(valeurs: dict) -> str:
    if len(valeurs) == 1:
        return _format(next(iter(valeurs.values())))
    return " ; ".join(f"{i} {_format(v)}" for i, v in valeurs.items())


def _feuille_nulle(noeud: Noeud) -> bool:
    """A variable that read nothing and is 0 (or false) for everyone: shown on one line with the others."""
    return (
        not noeud.enfants and not noeud.parametres and not noeud.calculs_omis and not noeud.calcule_plus_haut
        and bool(noeud.valeurs) and all(v in (0, False) and not isinstance(v, str) for v in noeud.valeurs.values())
    )


def _lignes(noeud: Noeud, niveau: int, cites: set) -> list[str]:
    """The node's lines; ``cites``: the parameter values whose references were already printed."""
    retrait = RETRAIT * niveau
    entete = f"{retrait}{noeud.libelle} [{noeud.variable}, {noeud.periode}] : {_texte_valeurs(noeud.valeurs)}"
    if noeud.calcule_plus_haut:
        return [entete + " (calculé plus haut)"]
    lignes = [entete]
    for parametre in noeud.parametres:
        depuis = f", en vigueur depuis le {parametre.debut}" if parametre.debut else ""
        deja = (parametre.nom, parametre.debut) in cites and parametre.references
        lignes.append(
            f"{retrait}{RETRAIT}paramètre {parametre.nom} au {parametre.date} : {parametre.texte_valeur}{depuis}"
            + (" (références plus haut)" if deja else "")
        )
        if deja:
            continue
        cites.add((parametre.nom, parametre.debut))
        for reference in parametre.references:
            lien = f" — {reference['href']}" if reference.get("href") else ""
            lignes.append(f"{retrait}{RETRAIT}   {reference.get('title', '')}{lien}")
    nuls: dict[str, list[str]] = {}  # label -> periods, of the leaves worth 0 (inputs not given, mostly)
    for enfant in noeud.enfants:
        if _feuille_nulle(enfant):
            nuls.setdefault(f"{enfant.libelle} [{enfant.variable}]", []).append(enfant.periode)
        else:
            lignes += _lignes(enfant, niveau + 1, cites)
    if nuls:
        lignes.append(
            f"{retrait}{RETRAIT}à zéro : "
            + " ; ".join(f"{libelle} {', '.join(sorted(periodes))}" for libelle, periodes in nuls.items())
        )
    if noeud.calculs_omis:
        lignes.append(f"{retrait}{RETRAIT}(… {noeud.calculs_omis} variable(s) calculée(s) en dessous : augmenter --profondeur pour les voir)")
    return lignes


def texte(explication: Explication, origine: str | None = None) -> str:
    """The tree, indented, in French."""
    titre = f"Calcul de {explication.variable} pour {explication.periode}"
    lignes = [titre + (f" ({origine})" if origine else ""), ""]
    cites: set = set()
    for arbre in explication.arbres:
        lignes += _lignes(arbre, 0, cites)
    return "\n".join(lignes)
