"""Compare the CMU-C, the ACS and the complémentaire santé solidaire of openfisca_metropole with
openfisca-france on generated families.

    python -m tests.differentiel.comparaison_css [N [MONTH,MONTH...]]   # prints the agreement table

For each famille and claim month: ``cmu_c``, then ``acs`` (until 2019-10) or
``css_participation_forfaitaire`` (from 2019-11). A famille agrees when the three outputs agree
(amounts within 1 €). Otherwise its divergence falls in a class of docs/divergences.md, named from
its inputs and our intermediate results, or is unexplained. From 2022 a second run of our engine
under the reform ``css_mois_reference_avant_2022`` (openfisca-france's M-12..M-1) separates the
families whose difference is only the reference period.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
from openfisca_core import periods
from openfisca_core.simulations import SimulationBuilder

from tests.differentiel.comparaison import Resultat, systeme_france
from tests.differentiel.generateur import famille_aleatoire, fusionne, mois_lus

MOIS = ["2016-03", "2017-09", "2018-12", "2019-12", "2020-07", "2021-10", "2022-02", "2023-06", "2024-09"]
NB_MOIS = 15  # M-14..M: the CSS reads M-13..M-1 (M-12..M-1 in openfisca-france), the RSA M-4..M-1
TOLERANCE = 1.0
SEUILS_ACS = (16, 50, 60)  # L863-1: the lowest age of each ACS band
SEUILS_CSS = (30, 50, 60, 70)  # arrêté du 21 juin 2019: the lowest age of each contribution band


def famille_css(rng: np.random.Generator, mois: str, numero: int) -> dict:
    """A famille of the RSA generator over fifteen months, with what the CSS reads besides: the
    unemployed declared as such, some AAH, ASI and ASPA recipients, the Alsace-Moselle scheme,
    children in alternating residence, owners and people housed free."""
    situation = famille_aleatoire(rng, mois, numero, nb_mois=NB_MOIS)
    lus = mois_lus(mois, NB_MOIS)
    famille = next(iter(situation["familles"].values()))
    for nom, individu in situation["individus"].items():
        individu["regime_alsace_moselle"] = {mois: bool(rng.random() < 0.1)}
        if nom.startswith("e"):
            individu["garde_alternee"] = {mois: bool(rng.random() < 0.15)}
            continue
        if individu["chomage_net"][mois] > 0 and individu["activite"][mois] != "etudiant":
            individu["activite"] = {mois: "chomeur"}
        tirage = rng.random()
        if tirage < 0.05:
            individu["aah"] = {m: round(float(rng.uniform(300, 1000)), 2) for m in lus}
        elif tirage < 0.07:
            individu["asi"] = {m: round(float(rng.uniform(100, 800)), 2) for m in lus}
    if rng.random() < 0.05:
        famille["aspa"] = {m: round(float(rng.uniform(300, 1200)), 2) for m in lus}
    return situation


def population_css(graine: int, mois: str, nombre: int) -> list[dict]:
    rng = np.random.default_rng(graine)
    return [famille_css(rng, mois, k) for k in range(nombre)]


def _pour_france(situation: dict, mois: str, prestations_calculees: bool = False) -> dict:
    """The same situation for openfisca-france: our ``regime_alsace_moselle`` under its name; its
    RSA family-benefit aggregate pinned to zero (we declare no family benefit to either engine)
    unless both engines compute the benefits, its minima aggregate pinned to zero, its CLCA and
    PreParE to zero, and its pre-eligibility of young adults (``css_cmu_acs_eligibilite``) to true,
    since our generator has no young adult living with or supported by his parents."""
    from tests.differentiel.comparaison_pf import pour_france

    situation = json.loads(json.dumps(situation))
    if prestations_calculees:
        pour_france(situation)
    for individu in situation["individus"].values():
        individu["salarie_regime_alsace_moselle"] = individu.pop("regime_alsace_moselle")
    lus = mois_lus(mois, NB_MOIS)
    for famille in situation["familles"].values():
        if not prestations_calculees:
            famille["rsa_base_ressources_prestations_familiales"] = {mois: 0}
        famille["rsa_base_ressources_minima_sociaux"] = {mois: 0}
        famille["paje_clca"] = {m: 0 for m in lus}
        famille["paje_prepare"] = {m: 0 for m in lus}
        famille["css_cmu_acs_eligibilite"] = {mois: True}
        if mois >= "2025-03":
            famille["departement_experimentation_rsa"] = {mois: True}
    return situation


@dataclass
class ResultatCss(Resultat):
    accords_reforme: int = 0  # families where our engine with M-12..M-1 agrees with openfisca-france


def _sorties(sim, mois: str) -> list[np.ndarray]:
    second = "acs" if mois < "2019-11" else "css_participation_forfaitaire"
    return [sim.calculate("cmu_c", mois).astype(float), sim.calculate(second, mois)]


def _accord(a: list[np.ndarray], b: list[np.ndarray]) -> np.ndarray:
    return np.all([np.abs(x - y) <= TOLERANCE for x, y in zip(a, b)], axis=0)


def _indicateurs(sim, france, mois: str) -> dict:
    """Per-famille facts that name the documented divergence classes."""
    familles = sim.populations["famille"]
    membres = familles.members
    periode = periods.period(mois)
    age = sim.calculate("age", mois)
    janvier = sim.calculate("age", periode.this_year.first_month)
    foyer = sim.calculate("css_membre_du_foyer", mois)
    enfant = np.logical_not(membres.has_role(familles.entity.PARENT))
    ressources = sim.calculate("css_ressources", mois)
    plafonds = [sim.calculate("css_plafond", mois), sim.calculate("css_plafond_participation", mois)]
    debut_abattements = periods.period(mois).offset(-13, "month") < periods.period("2021-04")
    beneficiaires = (sim.calculate("aah", mois) + sim.calculate("asi", mois)) > 0
    statut = familles.demandeur.menage("statut_occupation_logement", mois)
    activite = sim.calculate("activite", mois)
    statuts = statut.possible_values
    return {
        "rsa_different": (sim.calculate("rsa", mois) > 0) != (france.calculate("rsa", mois) > 0),
        "personne_a_charge_25_ans": familles.any(enfant * (age == 25)),
        "garde_alternee_majeur": familles.any(enfant * sim.calculate("garde_alternee", mois) * (age >= 18)),
        "acs_tranches_age": familles.any((age == 49) + (age == 59)) * (mois < "2019-11"),
        # A member whose ACS or contribution band changes between 1 January and the claim month.
        "age_au_premier_janvier": familles.any(
            foyer * sum((janvier < seuil) * (age >= seuil) for seuil in (SEUILS_ACS if mois < "2019-11" else SEUILS_CSS))
        ),
        "abattements_avant_avril_2021": (
            (familles.any(beneficiaires) + (sim.calculate("aspa", mois) > 0)) * (mois >= "2019-11") * debut_abattements
        ),
        "arrondi_plafond": np.any([np.abs(ressources - p) <= 1 for p in plafonds], axis=0),
        "presomption_participation": sim.calculate("css_presomption_participation", mois),
        "chomage_indemnise_sans_statut": familles.any(
            foyer * (sim.calculate("chomage_net", mois) > 0) * (activite != activite.possible_values.chomeur)
        ),
        "epargne_livret_a": familles.any(foyer * (sim.calculate("livret_a", mois) > 0)),
        "accedant_proprietaire": statut == statuts.primo_accedant,
        "heberge_participant_aux_frais": (
            statut == statuts.loge_gratuitement
        )
        * familles.demandeur.menage("participation_frais", mois),
    }


def classe_divergence(indicateurs: dict, i: int, accord_reforme: bool) -> str | None:
    """The documented divergence class of famille ``i``, or None."""
    if accord_reforme:
        return "css_mois_reference_2022"
    for classe in (
        "rsa_different",
        "personne_a_charge_25_ans",
        "garde_alternee_majeur",
        "acs_tranches_age",
        "age_au_premier_janvier",
        "abattements_avant_avril_2021",
        "presomption_participation",
        "chomage_indemnise_sans_statut",
        "epargne_livret_a",
        "accedant_proprietaire",
        "heberge_participant_aux_frais",
        "arrondi_plafond",
    ):
        if indicateurs[classe][i]:
            return classe
    return None


def compare(
    mois: str, nombre: int, graine: int = 20261121, tbs=None, prestations_calculees: bool = False
) -> ResultatCss:
    """``prestations_calculees``: the family benefits are left for both engines to compute, on the
    same N-2 resources (``comparaison_pf.prestations_a_calculer``)."""
    from openfisca_metropole.reforms.css_mois_reference_avant_2022 import css_mois_reference_avant_2022
    from openfisca_metropole.situation import systeme

    from tests.differentiel.comparaison_pf import prestations_a_calculer

    tbs = tbs or systeme()
    familles = population_css(graine + int(mois.replace("-", "")), mois, nombre)
    if prestations_calculees:
        rng = np.random.default_rng(graine + 1)
        familles = [prestations_a_calculer(famille, rng, mois_lus(mois, NB_MOIS)) for famille in familles]
    situation = fusionne(familles)
    ici = SimulationBuilder().build_from_entities(tbs, json.loads(json.dumps(situation)))
    france = SimulationBuilder().build_from_entities(
        systeme_france(), _pour_france(situation, mois, prestations_calculees)
    )
    sorties_ici, sorties_france = _sorties(ici, mois), _sorties(france, mois)
    accord = _accord(sorties_ici, sorties_france)
    if mois >= "2022-01":
        reforme = SimulationBuilder().build_from_entities(
            css_mois_reference_avant_2022(tbs), json.loads(json.dumps(situation))
        )
        accord_reforme = _accord(_sorties(reforme, mois), sorties_france)
    else:
        accord_reforme = accord
    indicateurs = _indicateurs(ici, france, mois)
    if prestations_calculees:
        from tests.differentiel.comparaison_pf import classe_divergence as classe_pf
        from tests.differentiel.comparaison_pf import donnees_divergence_mois

        donnees_pf = donnees_divergence_mois(ici, mois_lus(mois, NB_MOIS))
    resultat = ResultatCss(mois=mois, nombre=nombre, accords_reforme=int(accord_reforme.sum()))
    ids = list(ici.populations["famille"].ids)
    for i in range(nombre):
        if accord[i]:
            resultat.accords += 1
            continue
        ecart = (ids[i], [float(x[i]) for x in sorties_ici], [float(x[i]) for x in sorties_france])
        classe = classe_divergence(indicateurs, i, bool(accord_reforme[i]))
        if classe is None and prestations_calculees:
            classe = classe_pf(donnees_pf, i)
        resultat.classe(classe, ecart)
    return resultat


def main(nombre: int = 2000, mois_choisis: list[str] | None = None) -> None:
    print(f"{'mois':8} {'familles':>8} {'accord':>7} {'réforme':>7} {'taux hors div.':>14}  divergences documentées")
    for mois in mois_choisis or MOIS:
        r = compare(mois, nombre)
        print(
            f"{mois:8} {r.nombre:8d} {r.accords:7d} {r.accords_reforme:7d} "
            f"{r.taux_hors_divergences:14.2%}  {r.divergences}"
        )
        for ecart in r.ecarts[:5]:
            print("   unexplained:", ecart)


if __name__ == "__main__":
    import sys

    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 2000,
        sys.argv[2].split(",") if len(sys.argv) > 2 else None,
    )
