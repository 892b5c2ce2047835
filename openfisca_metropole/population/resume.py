"""Summary tables of a population run: beneficiary households, persons covered, monthly and yearly
cost per program, in total and by territorial conference, QPV or not, and household type. Weighted
sums are computed in float64."""

from __future__ import annotations

import numpy as np
import pandas as pd

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


def groupes(familles: pd.DataFrame, par: str | None):
    """(label, rows) of each group of ``familles`` by the column ``par``; one group "Total" without."""
    if par is None:
        yield "Total", familles
        return
    for cle, groupe in familles.groupby(par, sort=True):
        if par == "qpv":
            yield ("QPV" if cle else "hors QPV"), groupe
        elif par == "decile":
            yield f"D{int(cle)}", groupe
        else:
            yield str(cle), groupe


def _lignes(familles: pd.DataFrame, par: str | None) -> list[dict]:
    lignes = []
    for libelle, groupe in groupes(familles, par):
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
                ligne[f"{programme} foyers"] = float(np.sum(poids * beneficiaire))
                ligne[f"{programme} personnes"] = float(np.sum(poids * beneficiaire * personnes))
                ligne[f"{programme} €/mois"] = float(np.sum(poids * montant))
                ligne[f"{programme} €/an"] = 12 * ligne[f"{programme} €/mois"]
                if recours in groupe.columns:
                    ligne[f"{programme} foyers percevant"] = float(np.sum(poids * groupe[recours].to_numpy()))
                    ligne[f"{programme} €/mois perçus"] = float(np.sum(poids * groupe[f"{variable}_percu"].to_numpy()))
                    ligne[f"{programme} €/an perçus"] = 12 * ligne[f"{programme} €/mois perçus"]
            else:
                droit = groupe[variable].to_numpy() != "aucun"
                ligne[f"{programme} foyers"] = float(np.sum(poids * droit))
                ligne[f"{programme} personnes"] = float(np.sum(poids * droit * personnes))
                if recours in groupe.columns:
                    ligne[f"{programme} foyers percevant"] = float(np.sum(poids * groupe[recours].to_numpy()))
        lignes.append(ligne)
    return lignes


def resume(resultats) -> dict:
    """The summary tables (lists of rows), in total and by each breakdown."""
    familles = resultats.familles_avec_recours()
    tables = {
        "total": _lignes(familles, None),
        "conference_territoriale": _lignes(familles, "conference_territoriale"),
        "qpv": _lignes(familles, "qpv"),
        "type_menage": _lignes(familles, "type_menage"),
    }
    individus = resultats.individus
    if "iae_eligible_etti" in individus.columns:
        poids = individus["poids"].to_numpy(dtype="float64")
        tables["total"][0]["IAE ETTI/AI"] = float(np.sum(poids * individus["iae_eligible_etti"].to_numpy()))
        if "iae_eligible_ei" in individus.columns:
            tables["total"][0]["IAE EI/ACI"] = float(np.sum(poids * individus["iae_eligible_ei"].to_numpy()))
    tables["total"][0]["Personnes"] = float(individus["poids"].sum())
    tables["total"][0]["Familles"] = float(familles["poids"].sum())
    resume = {"periode": resultats.periode, "menages_exclus": resultats.exclus, "tables": tables}
    if resultats.recours is not None:
        resume["recours"] = {"mode": resultats.recours["mode"], "graine": resultats.recours["graine"], "taux_non_recours": resultats.recours["taux"]}
    return resume
