"""``construit`` (openfisca_metropole.simulation_rapide) builds the very simulation openfisca-core's
SimulationBuilder builds, or leaves the situation to it.

"The very simulation": the same ids, memberships and roles, and for every variable the same periods
known with the same arrays, to the bit (dtype and bytes); then the same values computed. Checked on
the example household with salaries given by year and by month (the months given are kept and the
year's rest divided over the others), on households merged with prefixed ids, and on situations
generated from the real variables (test_fuzz's generator), where any situation the builder refuses
must be left to it.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openfisca_core.simulations import SimulationBuilder

from openfisca_metropole.api import _fusion, systeme
from openfisca_metropole.simulation_rapide import SimulationRapide, construit
from test_fuzz import catalogue, situations  # noqa: F401 - catalogue is a fixture

DEMANDES = [("rsa", "2025-06"), ("ppa", "2025-06"), ("css_droit", "2025-06"), ("css_participation_forfaitaire", "2025-06"),
            ("af", "2025-06"), ("cf", "2025-06"), ("iae_nb_criteres_niveau_2", "2025-06"), ("age", "2025-06")]  # fmt: skip


@pytest.fixture(scope="module")
def tbs():
    return systeme()


def etat(tbs, simulation) -> dict:
    """Everything a built simulation holds: per entity its ids, count, memberships and roles; per
    variable each period known with its array (dtype and bytes)."""
    resultat = {}
    for cle, population in simulation.populations.items():
        resultat[cle, "ids"] = list(population.ids)
        resultat[cle, "count"] = population.count
        if not population.entity.is_person:
            resultat[cle, "membres"] = np.asarray(population.members_entity_id).tolist()
            resultat[cle, "roles"] = [role.key for role in population.members_role]
    for nom in tbs.variables:
        holder = simulation.get_holder(nom)
        for periode in holder.get_known_periods():
            tableau = np.asarray(holder.get_array(periode))
            resultat[nom, str(periode)] = (tableau.dtype.str, tableau.tobytes())
    return resultat


def compare(tbs, situations: list[dict]) -> bool:
    """Whether ``construit`` built the situations; when it did, its simulation is the builder's,
    and computes the same values. When the builder refuses them, ``construit`` must have too."""
    prefixe = len(situations) > 1
    rapide = construit(tbs, copy.deepcopy(situations), prefixe=prefixe)
    entree = _fusion(tbs, copy.deepcopy(situations)) if prefixe else copy.deepcopy(situations[0])
    try:
        normale = SimulationBuilder().build_from_entities(tbs, entree)
    except Exception as erreur:  # noqa: BLE001 - the builder refuses: construit must have left it
        assert rapide is None, f"construit built a situation the builder refuses ({erreur!r})"
        return False
    if rapide is None:
        return False
    assert isinstance(rapide, SimulationRapide)
    attendu, obtenu = etat(tbs, normale), etat(tbs, rapide)
    assert obtenu.keys() == attendu.keys(), sorted(set(obtenu) ^ set(attendu), key=str)[:10]
    differences = [cle for cle in attendu if obtenu[cle] != attendu[cle]]
    assert not differences, differences[:10]
    for nom, periode in DEMANDES:
        try:
            a = normale.calculate(nom, periode)
        except Exception as erreur:  # noqa: BLE001 - an input openfisca-core cannot compute with
            with pytest.raises(type(erreur)):
                rapide.calculate(nom, periode)
            continue
        b = rapide.calculate(nom, periode)
        assert a.dtype == b.dtype and np.array_equal(a, b), (nom, a, b)
    return True


def foyer(exemple: dict, salaire: float, mensuel: dict | None = None) -> dict:
    situation = copy.deepcopy(exemple)
    situation["individus"]["karim"]["salaire_net"] = {"2024": salaire, "2025": salaire, **(mensuel or {})}
    return situation


def test_un_foyer(tbs, exemple):
    for salaire in (0, 8400, 20000):
        assert compare(tbs, [foyer(exemple, salaire)])


def test_mois_donnes_et_reste_de_l_annee(tbs, exemple):
    # 2025-03 and 2025-04 given: the other ten months share 12 000 - 1 500 - 300 = 10 200 (1 020
    # each), as openfisca-core divides it; a period of three months is divided in three.
    situation = foyer(exemple, 12000, {"2025-03": 1500, "2025-04": 300, "month:2024-01:3": 900})
    assert compare(tbs, [situation])
    simulation = construit(tbs, [situation])
    assert simulation.calculate("salaire_net", "2025-05")[0] == pytest.approx(1020)
    assert simulation.calculate("salaire_net", "2025-04")[0] == pytest.approx(300)
    assert simulation.calculate("salaire_net", "2024-02")[0] == pytest.approx(300)


def test_mois_incoherents_laisses_au_builder(tbs, exemple):
    # every month of 2025 given, and a year that does not add up: openfisca-core's error
    mois = {f"2025-{m:02d}": 100 for m in range(1, 13)}
    situation = foyer(exemple, 5000, mois)
    assert construit(tbs, [situation]) is None
    assert compare(tbs, [situation]) is False


def test_foyers_fusionnes(tbs, exemple):
    situations = [foyer(exemple, salaire) for salaire in (0, 8400, 15000, 24000, 40000)]
    assert compare(tbs, situations)
    simulation = construit(tbs, situations, prefixe=True)
    assert list(simulation.persons.ids[:5]) == ["0:karim", "0:sarah", "0:ines", "0:yanis", "1:karim"]


@pytest.mark.parametrize("change", [
    "axes", "groupe absent", "personne sans groupe", "variable d'une autre entite", "periode non canonique",
    "valeur hors periode", "personne deux fois", "role trop plein", "entite inconnue", "periode invalide demandee",
])  # fmt: skip
def test_laisse_au_builder(tbs, exemple, change):
    situation = copy.deepcopy(exemple)
    famille = situation["familles"]["famille_1"]
    if change == "axes":
        situation["axes"] = [[{"count": 2, "name": "salaire_net", "min": 0, "max": 10000, "period": "2025"}]]
    elif change == "groupe absent":
        del situation["foyers_fiscaux"]
    elif change == "personne sans groupe":
        famille["enfants"] = ["ines"]
    elif change == "variable d'une autre entite":
        situation["individus"]["karim"]["rsa"] = {"2025-06": 10}
    elif change == "periode non canonique":
        situation["individus"]["karim"]["salaire_net"] = {"year:2024": 8400}
    elif change == "valeur hors periode":
        situation["individus"]["karim"]["salaire_net"] = 8400
    elif change == "personne deux fois":
        famille["enfants"] = ["ines", "yanis", "karim"]
    elif change == "role trop plein":
        famille["parents"] = ["karim", "sarah", "ines"]
        famille["enfants"] = ["yanis"]
    elif change == "entite inconnue":
        situation["voitures"] = {}
    elif change == "periode invalide demandee":  # the builder refuses the key, value or not
        situation["familles"]["famille_1"]["rsa"] = {"2025-13": None}
    assert construit(tbs, [situation]) is None


def test_situations_generees(tbs, catalogue):  # noqa: F811 - the fixture imported above
    """150 situations from the real variables (with faults now and then). A group entity the
    generator leaves out is given with each person alone in an instance of it, so that most
    situations are built both ways and compared."""
    construites = []

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(donnees=st.data())
    def essai(donnees):
        situation = donnees.draw(situations(catalogue, axes_permis=False))
        for pluriel, roles in catalogue["groupes"].items():
            if pluriel not in situation:
                situation[pluriel] = {f"seul_{i}": {roles[0][0]: [i]} for i in situation[catalogue["personnes"]]}
        construites.append(compare(tbs, [situation]))

    essai()
    print(f"construit built {sum(construites)} of {len(construites)} situations")
    assert sum(construites) >= 40, f"construit built {sum(construites)} of {len(construites)} situations"
