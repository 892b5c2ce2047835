"""Summary tables of a population run: beneficiary households, persons covered, monthly and yearly
cost per program, in total and by territorial conference, QPV or not, and household type.

Weighted sums are exact: each is the float64 nearest to the exact sum of the float64 terms
(``SommeExacte``), so a summary does not depend on how the population was cut into chunks or Dask
partitions, nor on the order of the rows. The partial sums of the parts of a run add up exactly
(``combine``)."""

from __future__ import annotations

import numpy as np
import pandas as pd


class SommeExacte:
    """The exact sum of float64 values, held as an integer times a power of two.

    Every finite float64 is an integer of at most 53 bits times 2**e; the values are grouped by e and
    their integers summed in float64 halves of 27 bits, which is exact for up to 2**25 values at a
    time, then joined as Python integers. Adding two sums is exact; ``float()`` rounds once, to the
    nearest (CPython's integer division is correctly rounded)."""

    __slots__ = ("entier", "exposant", "special")
    TRANCHE = 2**25

    def __init__(self, entier: int = 0, exposant: int = 0, special: float | None = None):
        self.entier, self.exposant, self.special = entier, exposant, special

    @classmethod
    def de(cls, valeurs) -> "SommeExacte":
        valeurs = np.asarray(valeurs, dtype=np.float64).ravel()
        if not np.all(np.isfinite(valeurs)):  # NaN or infinity: no exact sum, the float one carries it
            return cls(special=float(np.sum(valeurs)))
        total = cls()
        for debut in range(0, len(valeurs), cls.TRANCHE):
            total = total + cls._tranche(valeurs[debut : debut + cls.TRANCHE])
        return total

    @classmethod
    def _tranche(cls, valeurs: np.ndarray) -> "SommeExacte":
        valeurs = valeurs[valeurs != 0]
        if not len(valeurs):
            return cls()
        mantisses, exposants = np.frexp(valeurs)
        entiers = np.ldexp(mantisses, 53).astype(np.int64)  # exact: 53 bits
        exposants = exposants.astype(np.int64) - 53
        minimum = int(exposants.min())
        rang = exposants - minimum
        hauts = np.bincount(rang, weights=(entiers >> 26).astype(np.float64))
        bas = np.bincount(rang, weights=(entiers & (2**26 - 1)).astype(np.float64))
        entier = 0
        for k in np.flatnonzero((hauts != 0) | (bas != 0)):
            entier += ((int(hauts[k]) << 26) + int(bas[k])) << int(k)
        return cls(entier, minimum)

    def __add__(self, autre: "SommeExacte") -> "SommeExacte":
        if self.special is not None or autre.special is not None:
            return SommeExacte(special=(self.special or 0.0) + (autre.special or 0.0))
        if not autre.entier:
            return self
        if not self.entier:
            return autre
        exposant = min(self.exposant, autre.exposant)
        entier = (self.entier << (self.exposant - exposant)) + (autre.entier << (autre.exposant - exposant))
        return SommeExacte(entier, exposant)

    def __float__(self) -> float:
        if self.special is not None:
            return self.special
        if self.exposant >= 0:
            return float(self.entier << self.exposant)
        return self.entier / (1 << -self.exposant)

    def __repr__(self) -> str:
        return f"SommeExacte({float(self)!r})"


def somme(valeurs) -> float:
    """The float64 nearest to the exact sum of ``valeurs``."""
    return float(SommeExacte.de(valeurs))

# Famille programs: name -> (output variable, how a famille benefits, amount variable or None).
PROGRAMMES = {
    "RSA": ("rsa", "montant"),
    "PPA": ("ppa", "montant"),
    "CSS": ("css_droit", "droit"),
}


def _type_menage(familles: pd.DataFrame) -> np.ndarray:
    enfants = familles["nb_personnes"].to_numpy() - familles["nb_parents"].to_numpy()
    couple = familles["nb_parents"].to_numpy() == 2
    return np.select(
        [~couple & (enfants == 0), couple & (enfants == 0), ~couple & (enfants > 0)],
        ["personne seule", "couple sans enfant", "famille monoparentale"],
        "couple avec enfants",
    )


def cadre_familles(resultats) -> pd.DataFrame:
    """One row per famille with its territory (from its menage) and household type."""
    familles = resultats.familles.copy()
    menages = resultats.menages.set_index("menage_id")
    for colonne, defaut in (("conference_territoriale", ""), ("qpv", False)):
        if colonne in menages.columns:
            familles[colonne] = familles["menage_id"].map(menages[colonne]).fillna(defaut).to_numpy()
        else:
            familles[colonne] = defaut
    from openfisca_metropole.population.synthetique import libelles_conferences

    # The codes of the synthetic territories are shown by their label; other codes as they are.
    libelles = {"": "(non renseignée)", **libelles_conferences()}
    codes = familles["conference_territoriale"].astype(str)
    familles["conference_territoriale"] = codes.map(libelles).fillna(codes).to_numpy()
    familles["type_menage"] = _type_menage(familles)
    return familles


def _groupes_et_cles(familles: pd.DataFrame, par: str | None):
    """(key, label, rows) of each group of ``familles`` by the column ``par``, in the order of the keys."""
    if par is None:
        yield "", "Total", familles
        return
    for cle, groupe in familles.groupby(par, sort=True):
        if par == "qpv":
            yield bool(cle), ("QPV" if cle else "hors QPV"), groupe
        elif par == "decile":
            yield int(cle), f"D{int(cle)}", groupe
        else:
            yield str(cle), str(cle), groupe


def groupes(familles: pd.DataFrame, par: str | None):
    """(label, rows) of each group of ``familles`` by the column ``par``; one group "Total" without."""
    for _, libelle, groupe in _groupes_et_cles(familles, par):
        yield libelle, groupe


def _lignes(familles: pd.DataFrame, par: str | None) -> list[tuple]:
    """(key, row) of each group: the row's figures as exact sums; the yearly figures are None until
    ``finit`` derives them from the monthly ones."""
    lignes = []
    total = SommeExacte.de
    for cle, libelle, groupe in _groupes_et_cles(familles, par):
        poids = groupe["poids"].to_numpy(dtype="float64")
        ligne = {"groupe": libelle}
        for programme, (variable, nature) in PROGRAMMES.items():
            if variable not in groupe.columns:
                continue
            personnes = groupe["nb_personnes"].to_numpy()
            recours = f"{variable.split('_')[0]}_recours"
            if nature == "montant":
                montant = groupe[variable].to_numpy(dtype="float64")
                beneficiaire = montant > 0
                ligne[f"{programme} foyers"] = total(poids * beneficiaire)
                ligne[f"{programme} personnes"] = total(poids * beneficiaire * personnes)
                ligne[f"{programme} €/mois"] = total(poids * montant)
                ligne[f"{programme} €/an"] = None
                if recours in groupe.columns:
                    ligne[f"{programme} foyers percevant"] = total(poids * groupe[recours].to_numpy())
                    ligne[f"{programme} €/mois perçus"] = total(poids * groupe[f"{variable}_percu"].to_numpy())
                    ligne[f"{programme} €/an perçus"] = None
            else:
                droit = groupe[variable].to_numpy() != "aucun"
                ligne[f"{programme} foyers"] = total(poids * droit)
                ligne[f"{programme} personnes"] = total(poids * droit * personnes)
                if recours in groupe.columns:
                    ligne[f"{programme} foyers percevant"] = total(poids * groupe[recours].to_numpy())
        lignes.append((cle, ligne))
    return lignes


def finit(ligne: dict) -> dict:
    """A row of exact sums as floats, each yearly figure twelve times its (rounded) monthly one."""
    fini = {}
    for nom, valeur in ligne.items():
        if valeur is None:  # "X €/an" or "X €/an perçus": from "X €/mois" or "X €/mois perçus"
            fini[nom] = 12 * fini[nom.replace("€/an", "€/mois")]
        elif isinstance(valeur, SommeExacte):
            fini[nom] = float(valeur)
        else:
            fini[nom] = valeur
    return fini


def partiel(resultats) -> dict:
    """The summary of ``resultats`` as exact sums, (key, row) per group: what the parts of a run
    (Dask partitions) send to be added up by ``combine``."""
    familles = resultats.familles_avec_recours()
    tables = {nom: _lignes(familles, par) for nom, par in VENTILATIONS.items()}
    individus = resultats.individus
    total = tables["total"][0][1]
    poids = individus["poids"].to_numpy(dtype="float64")
    for nom, colonne in (("IAE ETTI/AI", "iae_eligible_etti"), ("IAE EI/ACI", "iae_eligible_ei")):
        if colonne in individus.columns:
            total[nom] = SommeExacte.de(poids * individus[colonne].to_numpy())
    total["Personnes"] = SommeExacte.de(poids)
    total["Familles"] = SommeExacte.de(familles["poids"].to_numpy(dtype="float64"))
    resume = {"periode": resultats.periode, "menages_exclus": resultats.exclus, "tables": tables}
    if resultats.recours is not None:
        resume["recours"] = {"mode": resultats.recours["mode"], "graine": resultats.recours["graine"], "taux_non_recours": resultats.recours["taux"]}
    return resume


def _ajoute(ligne: dict, autre: dict) -> dict:
    return {nom: (valeur + autre[nom] if isinstance(valeur, SommeExacte) else valeur) for nom, valeur in ligne.items()}


def additionne(partiels: list[dict]) -> dict:
    """Partial summaries (``partiel``) added up into one partial summary: exact sums added, groups
    merged by key, nothing rounded."""
    premier = partiels[0]
    tables = {}
    for nom in premier["tables"]:
        par_cle: dict = {}
        for p in partiels:
            for cle, ligne in p["tables"][nom]:
                par_cle[cle] = _ajoute(par_cle[cle], ligne) if cle in par_cle else ligne
        tables[nom] = list(par_cle.items())
    return {**premier, "menages_exclus": sum(p["menages_exclus"] for p in partiels), "tables": tables}


def combine(partiels: list[dict]) -> dict:
    """The summary of a run from the partial summaries of its parts (``partiel``): exact sums added,
    groups ordered by key, then rounded once. Equal to ``resume`` of the whole run."""
    total = additionne(partiels)
    total["tables"] = {nom: [finit(ligne) for _, ligne in sorted(lignes, key=lambda x: x[0])] for nom, lignes in total["tables"].items()}
    return total


def resume(resultats) -> dict:
    """The summary tables (lists of rows), in total and by each breakdown."""
    return combine([partiel(resultats)])


# Breakdowns of the summary: table name -> column of the familles (None: the total).
VENTILATIONS = {"total": None, "conference_territoriale": "conference_territoriale", "qpv": "qpv", "type_menage": "type_menage"}
