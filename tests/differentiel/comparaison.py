"""Compare openfisca_metropole with openfisca-france on generated families.

    python -m tests.differentiel.comparaison            # prints the agreement table

Each disagreement is either a bug or falls in a documented divergence class (docs/divergences.md);
``classe_divergence`` names the class of a famille from its inputs and our intermediate results.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from openfisca_core import periods
from openfisca_core.simulations import SimulationBuilder

from tests.differentiel.generateur import fusionne, population

MOIS = ["2010-03", "2011-11", "2013-05", "2014-10", "2015-12", "2016-02", "2018-07", "2020-04", "2022-08", "2024-05", "2025-06"]
TOLERANCE = 1.0


@lru_cache(maxsize=1)
def systeme_france():
    from openfisca_france import FranceTaxBenefitSystem

    return FranceTaxBenefitSystem()


def _pour_france(situation: dict, mois: str) -> dict:
    """The same situation, with openfisca-france's own family-benefit and minima aggregates pinned
    to zero (we declare no family benefit to either engine) and, from 2024-10, its experimentation
    flag switched on so that it reads M-4..M-2 as the law does since 2025-03."""
    situation = json.loads(json.dumps(situation))
    for famille in situation["familles"].values():
        famille["rsa_base_ressources_prestations_familiales"] = {mois: 0}
        famille["rsa_base_ressources_minima_sociaux"] = {mois: 0}
        if mois >= "2025-03":
            famille["departement_experimentation_rsa"] = {mois: True}
    return situation


@dataclass
class Resultat:
    mois: str
    nombre: int
    accords: int = 0
    divergences: dict[str, int] = field(default_factory=dict)
    ecarts: list[tuple] = field(default_factory=list)  # unexplained: id, our amount(s), openfisca-france's

    @property
    def taux_hors_divergences(self) -> float:
        comparees = self.nombre - sum(self.divergences.values())
        return self.accords / comparees if comparees else 1.0

    def classe(self, nom: str | None, ecart: tuple) -> None:
        """Counts a disagreement in its documented class ``nom``, or as unexplained."""
        if nom:
            self.divergences[nom] = self.divergences.get(nom, 0) + 1
        else:
            self.ecarts.append(ecart)


def classe_divergence(ici, i: int, mois: str) -> str | None:
    """The documented divergence class of famille ``i``, or None."""
    if ici["majore"][i] and ici["parent_etudiant"][i]:
        return "etudiant_majore"
    if ici["jeune_18"][i]:
        return "rsa_jeune_18_ans"
    if ici["enceinte_sans_enfant_moins_25"][i]:
        return "grossesse_moins_25_ans"
    if ici["conjoint_non_compte"][i]:
        return "conjoint_non_compte"
    if ici["conditions_reparties"][i]:
        return "conditions_reparties_entre_parents"
    if ici["rsa_jeune_avant_2010_09"][i]:
        return "rsa_jeune_avant_septembre_2010"
    if ici["neutralisation_activite"][i]:
        return "neutralisation_revenus_activite"
    if ici["eee_salarie_moins_3_mois"][i]:
        return "ressortissant_eee_actif"
    return None


def donnees_divergence(ici, mois: str) -> dict:
    """What ``classe_divergence`` reads, for each famille of the simulation ``ici``."""
    membres = ici.populations["famille"]
    age = ici.calculate("age", mois)
    parent = membres.members.has_role(ici.populations["famille"].entity.PARENT)
    jeune = ici.calculate("rsa_jeune_condition_heures_travail_remplie", mois)
    enfants = ici.calculate("rsa_nb_enfants", mois)
    donnees = {
        "majore": ici.calculate("rsa_majore_eligibilite", mois),
        "eligible": ici.calculate("rsa_eligibilite", mois),
        "parent_etudiant": membres.any(ici.calculate("etudiant", mois) * parent),
        "jeune_18": membres.any((age == 18) * jeune * parent) * (periods.period(mois).start.date.isoformat() >= "2010-09-01"),
        "enceinte_sans_enfant_moins_25": membres.any(ici.calculate("enceinte", mois) * parent * (age < 25)) * (enfants == 0),
    }
    avant_rsa_jeune = mois < "2010-09"
    donnees["rsa_jeune_avant_2010_09"] = membres.any(jeune * parent * (age >= 18) * (age < 25)) * avant_rsa_jeune
    activite = ici.calculate("rsa_revenu_activite_individu", mois)
    revenus_bruts = sum(
        ici.calculate("salaire_net", m) for m in [str(periods.period(mois).offset(-k, "month")) for k in range(1, 5)]
    )
    donnees["neutralisation_activite"] = membres.any(ici.calculate("rsa_neutralisation", mois) * (revenus_bruts > 0))
    eee = ici.calculate("ressortissant_eee", mois) * (ici.calculate("nationalite", mois) != b"FR")
    courte = ici.calculate("duree_possession_titre_sejour", mois) < 0.25
    donnees["eee_salarie_moins_3_mois"] = membres.any(eee * courte * (activite > 0) * parent)
    age_ok = ici.calculate("rsa_condition_age", mois) * (ici.calculate("etudiant", mois) == 0)
    nationalite_ok = ici.calculate("rsa_condition_nationalite", mois)
    donnees["conditions_reparties"] = (
        membres.any(age_ok * parent) * membres.any(nationalite_ok * parent) * (donnees["eligible"] == 0)
    )
    donnees["conjoint_non_compte"] = ici.calculate("en_couple", mois) * (ici.calculate("rsa_couple", mois) == 0)
    return donnees


def compare(mois: str, nombre: int, graine: int = 20261121, tbs=None) -> Resultat:
    from openfisca_metropole.situation import systeme

    tbs = tbs or systeme()
    situation = fusionne(population(graine + int(mois.replace("-", "")), mois, nombre))
    ici = SimulationBuilder().build_from_entities(tbs, json.loads(json.dumps(situation)))
    france = SimulationBuilder().build_from_entities(systeme_france(), _pour_france(situation, mois))
    rsa_ici = ici.calculate("rsa", mois)
    rsa_france = france.calculate("rsa", mois)
    donnees = donnees_divergence(ici, mois)
    membres = ici.populations["famille"]
    resultat = Resultat(mois=mois, nombre=nombre)
    ids = list(membres.ids)
    for i in range(nombre):
        if abs(float(rsa_ici[i]) - float(rsa_france[i])) <= TOLERANCE:
            resultat.accords += 1
            continue
        resultat.classe(classe_divergence(donnees, i, mois), (ids[i], float(rsa_ici[i]), float(rsa_france[i])))
    return resultat


def main(nombre: int = 2000) -> None:
    print(f"{'mois':8} {'familles':>8} {'accord':>7} {'taux hors div.':>14}  divergences documentées")
    for mois in MOIS:
        r = compare(mois, nombre)
        print(f"{mois:8} {r.nombre:8d} {r.accords:7d} {r.taux_hors_divergences:14.2%}  {r.divergences}")
        for ecart in r.ecarts[:3]:
            print("   unexplained:", ecart)


if __name__ == "__main__":
    import sys

    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
