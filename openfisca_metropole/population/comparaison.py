"""Baseline against reform on one population: what a change of rule, or of the way rights are reached,
does to whom, at what cost, where.

The table is read once and run twice, under the baseline system and under the reformed one (two
systems, two simulations: openfisca-core's ``Simulation.clone()`` is not used). Each famille's outcome
is compared: entitled amounts, amounts claimed under the take-up mode (population/recours.py), the
CSS. A famille gains or loses by the change of what it receives each month from the RSA and the
prime d'activité (claimed amounts; in ``entitlement`` mode, entitled amounts); the CSS, a cover and
not an amount, is counted apart (households gaining or losing it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from openfisca_metropole.population.recours import GRAINE_RECOURS
from openfisca_metropole.population.resume import groupes
from openfisca_metropole.population.simulation import SORTIES_FAMILLE, SORTIES_INDIVIDU, Resultats, simule
from openfisca_metropole.situation import systeme

PROGRAMMES_MONTANT = ("rsa", "ppa")
# Individual incomes read for the income deciles (month computed), with the age for the OECD scale.
REVENUS_INDIVIDU = ("salaire_net", "chomage_net", "retraite_nette", "age")
SEUIL_ECART = 0.01  # € a month: a smaller change counts as unchanged
VENTILATIONS = ("conference_territoriale", "qpv", "type_menage", "decile")


@dataclass
class Comparaison:
    periode: str
    reformes: list[str]
    parametres: dict[str, str]
    mode: str
    base: Resultats
    reforme: Resultats
    familles: pd.DataFrame  # one row per famille: both outcomes and the differences
    durees: dict[str, float] = field(default_factory=dict)

    def resume(self) -> dict:
        return resume(self)


def _niveau_de_vie(resultats: Resultats, familles: pd.DataFrame) -> np.ndarray:
    """Monthly income per consumption unit of each famille under the baseline: earnings, unemployment
    benefit and pensions of its members plus the RSA and the prime it receives, divided by the
    modified OECD scale (1 for the first person, 0.5 for each other person of 14 or more, 0.3 below)."""
    individus = resultats.individus
    revenus = sum(individus[nom].to_numpy(dtype="float64") for nom in REVENUS_INDIVIDU if nom != "age")
    age = individus["age"].to_numpy()
    poids_uc = np.where(age >= 14, 0.5, 0.3)
    par_famille = pd.DataFrame({"famille_id": individus["famille_id"], "revenus": revenus, "uc": poids_uc})
    sommes = par_famille.groupby("famille_id", sort=False).agg(revenus=("revenus", "sum"), uc=("uc", "sum"), premier=("uc", "first"))
    sommes = sommes.reindex(familles["famille_id"])
    uc = sommes["uc"].to_numpy() - sommes["premier"].to_numpy() + 1.0
    recu = sum(familles[f"{p}_percu_base"].to_numpy(dtype="float64") for p in PROGRAMMES_MONTANT)
    return (sommes["revenus"].to_numpy() + recu) / uc


def deciles(valeurs: np.ndarray, poids: np.ndarray) -> np.ndarray:
    """The weighted decile (1 to 10) of each value: the share of the total weight at or below it."""
    ordre = np.argsort(valeurs, kind="stable")
    cumul = np.cumsum(poids[ordre]) / np.sum(poids)
    rang = np.empty(len(valeurs), dtype=np.int64)
    rang[ordre] = np.clip(np.ceil(cumul * 10 - 1e-9), 1, 10).astype(np.int64)
    return rang


def compare(
    table: pd.DataFrame,
    period: str,
    reformes: list[str],
    parametres: dict[str, str] | None = None,
    mode: str = "entitlement",
    graine: int | None = None,
    strict: bool = True,
    tbs=None,
) -> Comparaison:
    """Run ``table`` for ``period`` under the baseline and under the reforms ``reformes`` (names of
    reforms/__init__.py, with ``parametres``), and compare each famille's outcome."""
    from openfisca_metropole.reforms import applique, versements

    base_tbs = tbs or systeme()
    reforme_tbs = applique(base_tbs, reformes, parametres)
    supplements = versements(reformes)
    variables = [*SORTIES_FAMILLE, *SORTIES_INDIVIDU, *REVENUS_INDIVIDU]
    graine = GRAINE_RECOURS if graine is None else graine
    top = time.perf_counter()
    base = simule(table, period, variables, strict=strict, tbs=base_tbs).avec_recours(mode, base_tbs, graine)
    duree_base = time.perf_counter() - top
    top = time.perf_counter()
    apres = simule(table, period, [*variables, *supplements], strict=strict, tbs=reforme_tbs)
    apres.avec_recours(mode, reforme_tbs, graine)
    duree_reforme = time.perf_counter() - top
    familles = compare_familles(base, apres, supplements)
    familles["decile"] = deciles(familles["niveau_de_vie_base"].to_numpy(), familles["poids"].to_numpy(dtype="float64"))
    familles.attrs["montants"] = [*PROGRAMMES_MONTANT, *supplements]
    return Comparaison(
        periode=base.periode,
        reformes=list(reformes),
        parametres=dict(parametres or {}),
        mode=mode,
        base=base,
        reforme=apres,
        familles=familles,
        durees={"base": duree_base, "reforme": duree_reforme},
    )


def compare_familles(base: Resultats, apres: Resultats, supplements: dict) -> pd.DataFrame:
    """One row per famille of ``base`` (take-up applied) with both outcomes, the differences and the
    baseline standard of living; without the income decile, which ranks every famille of the
    population (``deciles``)."""
    avant_f = base.familles_avec_recours()
    apres_f = apres.familles_avec_recours().set_index("famille_id").reindex(avant_f["famille_id"])
    familles = avant_f[["famille_id", "menage_id", "poids", "nb_personnes", "conference_territoriale", "qpv", "type_menage"]].copy()
    colonnes = [*(c for p in PROGRAMMES_MONTANT for c in (p, f"{p}_percu", f"{p}_recours")), "css_droit", "css_recours"]
    for colonne in colonnes:
        familles[f"{colonne}_base"] = avant_f[colonne].to_numpy()
        familles[f"{colonne}_reforme"] = apres_f[colonne].to_numpy()
    # A reform's own payments (none in the baseline), received by those who claim the program they
    # follow; a payment that follows none is received by every famille entitled to it.
    for nom, programme in supplements.items():
        montant = apres_f[nom].to_numpy(dtype="float64")
        recours = apres_f[f"{programme}_recours"].to_numpy() if programme else np.ones(len(montant))
        familles[f"{nom}_base"] = familles[f"{nom}_percu_base"] = familles[f"{nom}_recours_base"] = 0.0
        familles[f"{nom}_reforme"] = montant
        familles[f"{nom}_recours_reforme"] = recours * (montant > 0)
        familles[f"{nom}_percu_reforme"] = montant * recours
    montants = [*PROGRAMMES_MONTANT, *supplements]
    familles["ecart"] = sum(
        familles[f"{p}_percu_reforme"].to_numpy(dtype="float64") - familles[f"{p}_percu_base"].to_numpy(dtype="float64")
        for p in montants
    )
    familles["niveau_de_vie_base"] = _niveau_de_vie(base, familles)
    return familles


def _couts(familles: pd.DataFrame) -> list[dict]:
    """Per program: entitled and claimed households and monthly amounts, before and after."""
    poids = familles["poids"].to_numpy(dtype="float64")
    lignes = []
    for programme in familles.attrs.get("montants", PROGRAMMES_MONTANT):
        ligne = {"groupe": programme.upper() if programme in PROGRAMMES_MONTANT else programme}
        for cote, suffixe in (("avant", "base"), ("après", "reforme")):
            montant = familles[f"{programme}_{suffixe}"].to_numpy(dtype="float64")
            ligne[f"foyers {cote}"] = float(np.sum(poids * (montant > 0)))
            ligne[f"€/mois {cote}"] = float(np.sum(poids * montant))
            ligne[f"foyers percevant {cote}"] = float(np.sum(poids * familles[f"{programme}_recours_{suffixe}"].to_numpy()))
            ligne[f"€/mois perçus {cote}"] = float(np.sum(poids * familles[f"{programme}_percu_{suffixe}"].to_numpy()))
        ligne["écart €/mois"] = ligne["€/mois après"] - ligne["€/mois avant"]
        ligne["écart €/an"] = 12 * ligne["écart €/mois"]
        ligne["écart €/mois perçus"] = ligne["€/mois perçus après"] - ligne["€/mois perçus avant"]
        ligne["écart €/an perçus"] = 12 * ligne["écart €/mois perçus"]
        lignes.append(ligne)
    ligne = {"groupe": "CSS"}
    for cote, suffixe in (("avant", "base"), ("après", "reforme")):
        ligne[f"foyers {cote}"] = float(np.sum(poids * (familles[f"css_droit_{suffixe}"].to_numpy() != "aucun")))
        ligne[f"foyers percevant {cote}"] = float(np.sum(poids * familles[f"css_recours_{suffixe}"].to_numpy()))
    lignes.append(ligne)
    return lignes


def _gagnants(familles: pd.DataFrame, par: str | None) -> list[dict]:
    """Households gaining, losing, unchanged, with average gain and loss (€ a month), by group."""
    lignes = []
    for libelle, groupe in groupes(familles, par):
        poids = groupe["poids"].to_numpy(dtype="float64")
        ecart = groupe["ecart"].to_numpy(dtype="float64")
        gagne, perd = ecart > SEUIL_ECART, ecart < -SEUIL_ECART
        css = groupe["css_recours_reforme"].to_numpy(dtype="float64") - groupe["css_recours_base"].to_numpy(dtype="float64")
        p_gagne, p_perd = float(np.sum(poids * gagne)), float(np.sum(poids * perd))
        lignes.append(
            {
                "groupe": libelle,
                "foyers": float(np.sum(poids)),
                "gagnants": p_gagne,
                "perdants": p_perd,
                "inchangés": float(np.sum(poids * ~(gagne | perd))),
                "gain moyen €/mois": float(np.sum(poids * ecart * gagne) / p_gagne) if p_gagne else 0.0,
                "perte moyenne €/mois": float(np.sum(poids * ecart * perd) / p_perd) if p_perd else 0.0,
                "écart €/mois": float(np.sum(poids * ecart)),
                # the CSS is a cover, not an amount: the households that gain or lose it (claimed)
                "CSS gagnée": float(np.sum(poids * np.maximum(css, 0))),
                "CSS perdue": float(np.sum(poids * np.maximum(-css, 0))),
            }
        )
    return lignes


def resume(comparaison: Comparaison) -> dict:
    familles = comparaison.familles
    return {
        "periode": comparaison.periode,
        "reformes": comparaison.reformes,
        "parametres": comparaison.parametres,
        "recours": comparaison.mode,
        "couts": _couts(familles),
        "gagnants_perdants": {
            "total": _gagnants(familles, None),
            **{par: _gagnants(familles, par) for par in VENTILATIONS},
        },
    }
