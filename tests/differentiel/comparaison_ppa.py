"""Compare the prime d'activité of openfisca_metropole with openfisca-france on generated families.

    python -m tests.differentiel.comparaison_ppa [N [MONTH,MONTH...]]   # prints the agreement table

Three computations per famille: ours; ours under the reform ``ppa_parametres_mois_de_reference``
(each intermediate prime under its own month's legislation, openfisca-france's reading); and
openfisca-france's. A famille agrees when ours is within 1 € of openfisca-france. Otherwise its
divergence is ``parametres_mois_du_droit`` when the reform agrees (the difference is entirely the
choice of legislation documented in docs/prime_activite.md), or another class of docs/divergences.md,
or unexplained.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
from openfisca_core import periods
from openfisca_core.simulations import SimulationBuilder

from tests.differentiel.comparaison import Resultat, systeme_france
from tests.differentiel.generateur import fusionne, mois_lus, population_travailleuse

MOIS = ["2016-02", "2016-12", "2018-11", "2019-02", "2020-05", "2022-08", "2023-12", "2024-04", "2025-06"]
TOLERANCE = 1.0


def _pour_france(situation: dict, mois: str, prestations_calculees: bool = False) -> dict:
    """The same situation, with openfisca-france's family-benefit aggregate of the prime pinned to
    zero in every month it reads (we declare no family benefit to either engine) unless both engines
    compute the benefits, and, from 2025-03, its experimentation flag on, so that it reads M-4..M-2
    as the law does since décret 2025-185."""
    from tests.differentiel.comparaison_pf import pour_france

    situation = json.loads(json.dumps(situation))
    lus = [str(periods.period(mois).offset(-k, "month")) for k in range(5, -1, -1)]
    if prestations_calculees:
        pour_france(situation)
    for famille in situation["familles"].values():
        if not prestations_calculees:
            famille["ppa_base_ressources_prestations_familiales"] = {m: 0 for m in lus}
        if mois >= "2025-03":
            famille["departement_experimentation_rsa"] = {mois: True}
    return situation


@dataclass
class ResultatPpa(Resultat):
    accords_reforme: int = 0  # families where our engine under the reform agrees with openfisca-france


def _indicateurs(sim, mois: str) -> dict:
    """Per-famille facts that name the documented divergence classes."""
    familles = sim.populations["famille"]
    parent = familles.members.has_role(familles.entity.PARENT)
    periode = periods.period(mois)
    nationalite_parent = familles.any(sim.calculate("rsa_condition_nationalite", mois) * parent)
    majore = sim.calculate("rsa_majore_eligibilite", mois)
    recents = [periode.offset(-k, "month") for k in (1, 2, 3)]
    activite_recente = sum(
        familles.sum(sim.calculate("ppa_revenu_activite_individu", m) * parent) for m in recents
    )
    activite_parent = familles.any(
        sum(sim.calculate("ppa_revenu_activite_individu", m) > 0 for m in recents) * parent
    )
    premier_mois = periode.offset(-4 if mois >= "2025-03" else -3, "month")
    return {
        # one parent works, the other meets the nationality condition, neither meets both (L842-1, L842-2)
        "conditions_reparties": activite_parent
        * (nationalite_parent + majore > 0)
        * (sim.calculate("ppa_eligibilite", mois) == 0),
        # openfisca-france zeroes the primes of the reference months before the 18th birthday
        "majorite_pendant_mois_de_reference": familles.any(
            (sim.calculate("age", mois) >= 18) * (sim.calculate("age", premier_mois) < 18) * parent
        ),
        # openfisca-france accepts the nationality of any member, a child's included (L842-1 asks it of the claimant)
        "nationalite_enfant": (nationalite_parent == 0) * (majore == 0),
        # openfisca-france asks for earnings in M-3..M-1 even when the reference months are M-4..M-2
        "activite_hors_mois_de_reference": (activite_recente <= 0) * (mois >= "2025-03"),
        # a working EU national in his first 3 months: see the RSA class of the same name
        "eee_actif": familles.any(
            sim.calculate("ressortissant_eee", mois)
            * (sim.calculate("nationalite", mois).astype("U") != "FR")
            * (sim.calculate("duree_possession_titre_sejour", mois) < 0.25)
            * parent
        ),
    }


def classe_divergence(indicateurs: dict, i: int, accord_reforme: bool) -> str | None:
    if accord_reforme:
        return "parametres_mois_du_droit"
    if indicateurs["conditions_reparties"][i]:
        return "conditions_reparties_entre_parents"
    if indicateurs["majorite_pendant_mois_de_reference"][i]:
        return "majorite_pendant_mois_de_reference"
    if indicateurs["nationalite_enfant"][i]:
        return "nationalite_enfant"
    if indicateurs["activite_hors_mois_de_reference"][i]:
        return "activite_hors_mois_de_reference"
    if indicateurs["eee_actif"][i]:
        return "ressortissant_eee_actif"
    return None


def compare(
    mois: str, nombre: int, graine: int = 20261121, tbs=None, prestations_calculees: bool = False
) -> ResultatPpa:
    """``prestations_calculees``: the family benefits are left for both engines to compute, on the
    same N-2 resources (``comparaison_pf.prestations_a_calculer``)."""
    from openfisca_metropole.reforms.ppa_parametres_mois_de_reference import ppa_parametres_mois_de_reference
    from openfisca_metropole.situation import systeme

    from tests.differentiel.comparaison_pf import prestations_a_calculer

    tbs = tbs or systeme()
    familles = population_travailleuse(graine + int(mois.replace("-", "")), mois, nombre)
    if prestations_calculees:
        rng = np.random.default_rng(graine + 1)
        familles = [prestations_a_calculer(famille, rng, mois_lus(mois)) for famille in familles]
    situation = fusionne(familles)
    ici = SimulationBuilder().build_from_entities(tbs, json.loads(json.dumps(situation)))
    reforme = SimulationBuilder().build_from_entities(
        ppa_parametres_mois_de_reference(tbs), json.loads(json.dumps(situation))
    )
    france = SimulationBuilder().build_from_entities(
        systeme_france(), _pour_france(situation, mois, prestations_calculees)
    )
    ppa_ici = ici.calculate("ppa", mois)
    ppa_reforme = reforme.calculate("ppa", mois)
    ppa_france = france.calculate("ppa", mois)
    indicateurs = _indicateurs(ici, mois)
    if prestations_calculees:
        from tests.differentiel.comparaison_pf import classe_divergence as classe_pf
        from tests.differentiel.comparaison_pf import donnees_divergence_mois

        donnees_pf = donnees_divergence_mois(ici, mois_lus(mois))
    resultat = ResultatPpa(mois=mois, nombre=nombre)
    ids = list(ici.populations["famille"].ids)
    for i in range(nombre):
        accord_reforme = abs(float(ppa_reforme[i]) - float(ppa_france[i])) <= TOLERANCE
        resultat.accords_reforme += accord_reforme
        if abs(float(ppa_ici[i]) - float(ppa_france[i])) <= TOLERANCE:
            resultat.accords += 1
            continue
        ecart = (ids[i], float(ppa_ici[i]), float(ppa_reforme[i]), float(ppa_france[i]))
        classe = classe_divergence(indicateurs, i, accord_reforme)
        if classe is None and prestations_calculees:
            classe = classe_pf(donnees_pf, i)
        resultat.classe(classe, ecart)
    return resultat


def main(nombre: int = 2000, mois_choisis: list[str] | None = None) -> None:
    print(f"{'mois':8} {'familles':>8} {'accord':>7} {'réforme':>8} {'taux hors div.':>14}  divergences documentées")
    for mois in mois_choisis or MOIS:
        r = compare(mois, nombre)
        print(
            f"{mois:8} {r.nombre:8d} {r.accords:7d} {r.accords_reforme:8d} {r.taux_hors_divergences:14.2%}  {r.divergences}"
        )
        for ecart in r.ecarts[:3]:
            print("   unexplained (ici, réforme, france):", ecart)


if __name__ == "__main__":
    import sys

    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000, sys.argv[2].split(",") if len(sys.argv) > 2 else None)
