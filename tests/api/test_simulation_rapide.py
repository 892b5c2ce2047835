"""The shortcuts of openfisca_metropole.simulation_rapide (used by the web API) give the law's
results: every legal YAML test passes with every simulation accelerated, and a household's values
are the same, to the bit, with and without them."""

from __future__ import annotations

import copy
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
from openfisca_core.simulations import SimulationBuilder

from openfisca_metropole.simulation_rapide import SimulationRapide, accelere

RACINE = Path(__file__).resolve().parents[2]

PROGRAMME = textwrap.dedent(
    """
    import sys
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.tools.test_runner import run_tests
    from openfisca_metropole import CountryTaxBenefitSystem
    from openfisca_metropole.simulation_rapide import SimulationRapide, accelere

    construit = SimulationBuilder.build_from_dict
    comptes = []

    def build_from_dict(self, tbs, entree):
        simulation = accelere(construit(self, tbs, entree))
        comptes.append(isinstance(simulation, SimulationRapide))
        return simulation

    SimulationBuilder.build_from_dict = build_from_dict
    code = run_tests(CountryTaxBenefitSystem(), [sys.argv[1]], {"pytest": ["-q", "-p", "no:randomly", "-p", "no:cacheprovider"]})
    print("accelerated simulations:", sum(comptes), "of", len(comptes))
    sys.exit(code if sum(comptes) > 600 else 3)
    """
)


def test_tests_yaml_avec_les_raccourcis():
    resultat = subprocess.run(
        [sys.executable, "-c", PROGRAMME, str(RACINE / "tests" / "yaml")],
        capture_output=True, text=True, cwd=RACINE, timeout=600,
    )
    sortie = resultat.stdout + resultat.stderr
    assert resultat.returncode == 0, sortie[-3000:]
    assert "failed" not in sortie.splitlines()[-2], sortie[-1000:]


def test_memes_valeurs_au_bit_pres(exemple):
    from openfisca_metropole.api import systeme

    tbs = systeme()
    demandes = ["rsa", "ppa", "css_droit", "css_ressources", "cf", "af_base", "prestations_familiales_base_ressources"]
    for salaire in (0, 8400, 20000, 40000):
        situation = copy.deepcopy(exemple)
        situation["individus"]["karim"]["salaire_net"] = {"2024": salaire, "2025": salaire}
        for variable in ("age", "enfant_a_charge", "ppa_bonification"):
            for personne in situation["individus"].values():
                personne.pop(variable, None)
        for variable in ("en_couple", "rsa", "rsa_forfait_logement", "ppa", "css_droit"):
            situation["familles"]["famille_1"].pop(variable, None)
        normale = SimulationBuilder().build_from_entities(tbs, copy.deepcopy(situation))
        rapide = accelere(SimulationBuilder().build_from_entities(tbs, copy.deepcopy(situation)))
        assert isinstance(rapide, SimulationRapide)
        for nom in demandes:
            a, b = normale.calculate(nom, "2025-06"), rapide.calculate(nom, "2025-06")
            assert a.dtype == b.dtype and np.array_equal(a, b), (salaire, nom, a, b)
        for nom, periode in (("salaire_net", "2023"), ("revenus_locatifs", "2024"), ("chomage_net", "month:2025-01:3")):
            a, b = normale.calculate_add(nom, periode), rapide.calculate_add(nom, periode)
            assert a.dtype == b.dtype and np.array_equal(a, b), (salaire, nom, periode)
