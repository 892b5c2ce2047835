"""Cross-check of the family benefits (AF, ASF, CF, PAJE basic allowance) and of the RSA that follows
with openfisca-france, on generated families whose family benefits are left for both engines to
compute. Both engines get the same N-2 resources (``prestations_familiales_base_ressources``, and
openfisca-france's ``cf_base_ressources``) and the same dual-earner flag, drawn at random.

Run: ``PYTHONPATH=. python -m tests.differentiel.comparaison_pf [N]``."""

from __future__ import annotations

import json
import sys

import numpy as np
from openfisca_core import periods
from openfisca_core.simulations import SimulationBuilder

from tests.differentiel import comparaison
from tests.differentiel.comparaison import Resultat, systeme_france
from tests.differentiel.generateur import famille_aleatoire, fusionne, mois_lus

# 2025-06 reads the benefits of February to April 2025, across the April revaluation of the BMAF;
# 2025-11 reads those of July to September, when neither the BMAF nor the ceilings change.
MOIS = ["2012-06", "2016-06", "2019-06", "2023-06", "2025-06", "2025-11", "2026-06"]
PRESTATIONS = ("af", "asf", "cf", "paje_base")
# The family benefits the RSA counts for one month (R262-10-1, R262-11 CASF), openfisca-france's aggregate.
RETENUES_RSA = ("rsa_af_retenues", "rsa_forfait_cf", "rsa_forfait_asf", "paje_base")
TOLERANCE = 1.0


def prestations_a_calculer(situation: dict, rng: np.random.Generator, lus: list[str]) -> dict:
    """The families of ``situation`` with their family benefits left to compute, and the N-2
    resources and dual-earner flag drawn, given for every month read ``lus`` (the RSA reads the
    benefits of its reference months, the CSS of twelve months)."""
    for famille in situation["familles"].values():
        for nom in ("af", "cf", "asf", "paje_base"):
            famille.pop(nom, None)
        ressources = float(rng.choice([rng.uniform(0, 30_000), rng.uniform(30_000, 130_000)], p=[0.6, 0.4]))
        biactifs = bool(len(famille["parents"]) == 2 and rng.random() < 0.4)
        famille["prestations_familiales_base_ressources"] = dict.fromkeys(lus, round(ressources, 2))
        famille["biactivite"] = dict.fromkeys(lus, biactifs)
    return situation


def pour_france(situation: dict) -> dict:
    """openfisca-france's name for the N-2 resources of the complément familial (the AF and PAJE read
    ``prestations_familiales_base_ressources`` in both engines)."""
    for famille in situation["familles"].values():
        famille["cf_base_ressources"] = famille["prestations_familiales_base_ressources"]
    return situation


def population(graine: int, mois: str, nombre: int) -> list[dict]:
    """Generated families with their family benefits left to compute, N-2 resources and the
    dual-earner flag drawn."""
    rng = np.random.default_rng(graine)
    return [prestations_a_calculer(famille_aleatoire(rng, mois, k), rng, mois_lus(mois)) for k in range(nombre)]


def _pour_france(situation: dict, mois: str) -> dict:
    situation = pour_france(json.loads(json.dumps(situation)))
    if mois >= "2025-03":
        for famille in situation["familles"].values():
            famille["departement_experimentation_rsa"] = {mois: True}
    return situation


CLASSES = ("paje_gel_2014", "majoration_ancien_regime", "aine_ex_aequo", "asf_avant_2016_pension", "paje_enfant_a_naitre")


def classe_divergence(donnees: dict, i: int) -> str | None:
    """The documented divergence class of famille ``i`` (docs/divergences.md), or None."""
    for nom in CLASSES:
        if donnees[nom][i]:
            return nom
    return None


def donnees_divergence(ici, mois: str) -> dict:
    """What ``classe_divergence`` reads, for each famille of the simulation ``ici`` in month ``mois``."""
    familles = ici.populations["famille"]
    enfant = familles.members.has_role(familles.entity.ENFANT)
    naissance = ici.calculate("date_naissance", mois).astype("datetime64[D]")
    age = ici.calculate("age", mois)
    a_charge = ici.calculate("prestations_familiales_enfant_a_charge", mois)
    paje = ici.calculate("paje_enfant_eligible", mois)
    gel = familles.any(paje * (naissance < np.datetime64("2018-04-01"))) * (mois >= "2018-04")
    ancien = familles.any(a_charge * enfant * (naissance < np.datetime64("1997-05-01")) * (age >= 11))
    majores = a_charge * enfant * (age >= 14)
    ex_aequo = (ici.calculate("af_nb_enfants", mois) == 2) * (
        familles.sum(majores) == 2
    ) * (familles.max(np.where(majores, age, -1)) == familles.min(np.where(majores, age, 99)))
    pension = familles.sum(ici.calculate("pensions_alimentaires_percues", mois)) > 0
    asf_avant = (mois < "2016-04") * pension * (ici.calculate("nb_parents", mois) == 1)
    a_naitre = familles.any(enfant * (naissance >= np.datetime64(periods.period(mois).start.date, "D")))
    return {
        "paje_gel_2014": gel, "majoration_ancien_regime": ancien, "aine_ex_aequo": ex_aequo,
        "asf_avant_2016_pension": asf_avant, "paje_enfant_a_naitre": a_naitre,
    }


def donnees_divergence_mois(ici, mois: list[str]) -> dict:
    """``donnees_divergence`` for a famille whose benefits are read over several months: a class holds
    when it holds in one of them."""
    par_mois = [donnees_divergence(ici, m) for m in mois]
    return {nom: np.any([d[nom] for d in par_mois], axis=0) for nom in CLASSES}


def compare(mois: str, nombre: int, graine: int = 20261121, tbs=None) -> dict[str, Resultat]:
    from openfisca_metropole.situation import systeme

    tbs = tbs or systeme()
    situation = fusionne(population(graine + int(mois.replace("-", "")), mois, nombre))
    ici = SimulationBuilder().build_from_entities(tbs, json.loads(json.dumps(situation)))
    france = SimulationBuilder().build_from_entities(systeme_france(), _pour_france(situation, mois))
    familles = ici.populations["famille"]
    donnees = donnees_divergence(ici, mois)
    ids = list(familles.ids)
    resultats = {}
    for nom in PRESTATIONS:
        nous, eux = ici.calculate(nom, mois), france.calculate(nom, mois)
        resultats[nom] = _compte(mois, nous, eux, ids, lambda i: classe_divergence(donnees, i))
    # What the RSA counts of the benefits of month M: openfisca-france's aggregate, ours summed.
    retenues = sum(ici.calculate(nom, mois) for nom in RETENUES_RSA)
    resultats["rsa_prestations_du_mois"] = _compte(
        mois, retenues, france.calculate("rsa_base_ressources_prestations_familiales", mois), ids,
        lambda i: classe_divergence(donnees, i),
    )
    resultats["rsa"] = _compte(
        mois, ici.calculate("rsa", mois), france.calculate("rsa", mois), ids,
        _classe_rsa(ici, france, mois, donnees),
    )
    return resultats


def _compte(mois: str, nous, eux, ids: list, classe) -> Resultat:
    resultat = Resultat(mois=mois, nombre=len(ids))
    for i in range(len(ids)):
        if abs(float(nous[i]) - float(eux[i])) <= TOLERANCE:
            resultat.accords += 1
        else:
            resultat.classe(classe(i), (ids[i], float(nous[i]), float(eux[i])))
    return resultat


def _classe_rsa(ici, france, mois: str, donnees: dict):
    """The class of an RSA disagreement: a documented RSA class (``comparaison.classe_divergence``), a
    family-benefit class, or ``prestations_mois_de_perception``: since 2017 (R262-7 II 2° CASF) the
    benefits count in the reference months they are received, where openfisca-france takes those of
    month M. That class is granted only when it accounts for the whole gap: the benefits counted
    differ, and the RSA moves the other way by no more than that difference (the RSA falls by at most
    one euro for each euro of resources)."""
    donnees_rsa = comparaison.donnees_divergence(ici, mois)
    ecart_prestations = ici.calculate("rsa_prestations_familiales", mois) - france.calculate(
        "rsa_base_ressources_prestations_familiales", mois
    )
    ecart_rsa = ici.calculate("rsa", mois) - france.calculate("rsa", mois)
    perception = (
        (np.abs(ecart_prestations) > 0.005)
        * (np.abs(ecart_rsa) <= np.abs(ecart_prestations) + TOLERANCE)
        * (ecart_rsa * ecart_prestations <= 0)
    )

    def classe(i: int) -> str | None:
        return (
            comparaison.classe_divergence(donnees_rsa, i, mois)
            or classe_divergence(donnees, i)
            or ("prestations_mois_de_perception" if perception[i] else None)
        )

    return classe


def main(nombre: int = 500) -> None:
    for mois in MOIS:
        for nom, r in compare(mois, nombre).items():
            print(f"{mois} {nom:10} {r.accords}/{r.nombre} taux hors div. {r.taux_hors_divergences:.4f} {r.divergences} {r.ecarts[:3]}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
