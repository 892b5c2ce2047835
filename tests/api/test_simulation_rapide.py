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
import pytest
from openfisca_core.simulations import SimulationBuilder

from openfisca_metropole.simulation_rapide import SimulationRapide, accelere

RACINE = Path(__file__).resolve().parents[2]

PROGRAMME = textwrap.dedent(
    """
    import copy
    import sys
    from openfisca_core import periods
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.tools.test_runner import run_tests
    from openfisca_metropole import CountryTaxBenefitSystem
    from openfisca_metropole.simulation_rapide import SimulationRapide, accelere, construit

    MODE = sys.argv[2]
    construit_core = SimulationBuilder.build_from_dict
    comptes = []
    directes = []

    def ecrit_comme_json(tbs, situation, defaut):
        # What the builder does before buffering, and what a JSON request already is: every value
        # under a period key written as openfisca-core writes periods (YAML gives 2014, or no period).
        resultat = copy.deepcopy(situation)
        for instances in resultat.values():
            for instance in instances.values() if isinstance(instances, dict) else ():
                for nom, valeurs in list(instance.items()) if isinstance(instance, dict) else ():
                    if nom in tbs.variables:
                        if not isinstance(valeurs, dict):
                            valeurs = {defaut: valeurs}
                        instance[nom] = {str(periods.period(str(cle))): valeur for cle, valeur in valeurs.items()}
        return resultat

    def build_from_dict(self, tbs, entree):
        if MODE == "construit":
            situation = entree
            if set(entree) & set(tbs.entities_by_singular()):
                situation = self.explicit_singular_entities(tbs, entree)
            simulation = construit(tbs, [ecrit_comme_json(tbs, situation, self.default_period)])
            directes.append(simulation is not None)
            if simulation is not None:
                comptes.append(True)
                return simulation
        simulation = accelere(construit_core(self, tbs, entree))
        comptes.append(isinstance(simulation, SimulationRapide))
        return simulation

    SimulationBuilder.build_from_dict = build_from_dict
    code = run_tests(CountryTaxBenefitSystem(), [sys.argv[1]], {"pytest": ["-q", "-p", "no:randomly", "-p", "no:cacheprovider"]})
    print("accelerated simulations:", sum(comptes), "of", len(comptes), "- built by construit:", sum(directes))
    attendues = 600 if MODE == "builder" else 400
    sys.exit(code if sum(comptes) > 600 and (MODE == "builder" or sum(directes) > attendues) else 3)
    """
)


@pytest.mark.parametrize("mode", ["builder", "construit"])
def test_tests_yaml_avec_les_raccourcis(mode):
    """The 640 legal YAML tests pass with every simulation accelerated: built by openfisca-core's
    builder, or (``construit``) by ``construit`` wherever it takes the situation."""
    resultat = subprocess.run(
        [sys.executable, "-c", PROGRAMME, str(RACINE / "tests" / "yaml"), mode],
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
