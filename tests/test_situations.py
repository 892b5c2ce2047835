"""Situations written for openfisca-france's web API load here unchanged, and the variables both
packages compute from the same inputs agree."""

import json
from pathlib import Path

import pytest

from openfisca_metropole import situation_examples
from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.situation import calcule

SITUATIONS = Path(__file__).parent / "situations"
COMMUNES = ["age", "age_en_mois", "en_couple", "ressortissant_eee", "salaire_net", "aide_logement"]


def _situation(nom):
    return json.loads((SITUATIONS / nom).read_text(encoding="utf-8"))


def test_openfisca_france_situation_loads_and_computes():
    resultats = calcule(_situation("openfisca_france_couple.json"), "2025-05", COMMUNES)
    individus = resultats.valeurs["individus"]
    # born 1984-10-03: 40 on 1 May 2025; born 2012-02-15: 13
    assert individus["demandeur"]["age"] == 40
    assert individus["enfant"]["age"] == 13
    # Portugal is in the EU
    assert individus["conjoint"]["ressortissant_eee"] is True
    assert resultats.valeurs["familles"]["famille_1"]["en_couple"] is True


def test_same_results_as_openfisca_france():
    """Cross-check: openfisca-france computes the shared variables identically."""
    france = pytest.importorskip("openfisca_france")
    from openfisca_core.simulations import SimulationBuilder

    situation = _situation("openfisca_france_couple.json")
    systeme_france = france.FranceTaxBenefitSystem()
    simulation = SimulationBuilder().build_from_entities(systeme_france, json.loads(json.dumps(situation)))
    ici = calcule(situation, "2025-05", COMMUNES)
    for nom in COMMUNES:
        entite = ici.entites[nom]
        attendu = simulation.calculate(nom, "2025-05").tolist()
        obtenu = [instance[nom] for instance in ici.valeurs[entite].values()]
        assert obtenu == pytest.approx(attendu), nom


@pytest.mark.parametrize("nom", situation_examples.names())
def test_bundled_examples_compute(nom):
    resultats = calcule(situation_examples.load(nom), "2025-06")
    assert resultats.variables, "an example asks for at least one variable"


def test_unknown_variable_in_situation_is_named_with_its_path():
    situation = {"individus": {"a": {"salaire_nett": {"2025-01": 3}}}}
    with pytest.raises(ErreurMetropole, match=r"individus\.a\.salaire_nett: unknown variable 'salaire_nett' \(did you mean salaire_net"):
        calcule(situation, "2025-01", ["age"])


def test_person_in_undeclared_role_is_reported():
    situation = {"individus": {"a": {}}, "familles": {"f": {"parents": ["b"]}}}
    with pytest.raises(ErreurMetropole, match=r"familles\.f\.parents"):
        calcule(situation, "2025-01", ["age"])


def test_wrong_type_is_reported_with_its_period():
    situation = {"individus": {"a": {"salaire_net": {"2025-01": "mille"}}}}
    with pytest.raises(ErreurMetropole, match=r"individus\.a\.salaire_net\.2025-01"):
        calcule(situation, "2025-01", ["salaire_net"])


def test_bundled_example_rsa_worked_out_by_hand():
    """Couple with two children (10 and 5), June 2025: reference months February-April 2025
    (décret 2025-185). Montant forfaitaire 646.52 × 2.1 (R262-1); salary 8 400 / 12 = 700;
    AF for two children 32 % of the BMAF (466.44 until March, 474.37 from April 2025), declared as
    149.26, 149.26, 151.80; forfait logement 16.5 % × 1.8 × 646.52, below the housing aid of 310."""
    resultats = calcule(situation_examples.load("couple_deux_enfants_lyon"), "2025-06", ["rsa", "rsa_forfait_logement"])
    famille = resultats.valeurs["familles"]["famille_1"]
    forfait = 0.165 * 1.8 * 646.52
    assert famille["rsa_forfait_logement"] == pytest.approx(forfait, abs=0.01)
    attendu = 646.52 * 2.1 - 8400 / 12 - (149.26 + 149.26 + 151.80) / 3 - forfait
    assert famille["rsa"] == pytest.approx(attendu, abs=0.01)


def test_bundled_example_ppa_worked_out_by_hand():
    """Same household, prime d'activité due for June 2025: reference months February-April 2025
    (R843-1, décret 2025-185), legislation of June 2025: montant forfaitaire 633.21 × 2.1 (D843-1),
    pente 59.85 % (D843-3). Karim earns 700, below 59 × 11.88 = 700.92: no bonus (D843-2). In each
    month resources 700 + AF (149.26, 149.26, 151.80) + forfait logement 16.5 % × 1.8 × 633.21
    (R844-3, below the housing aid) stay below the montant forfaitaire, so each prime is
    0.5985 × 700 = 418.95."""
    resultats = calcule(situation_examples.load("couple_deux_enfants_lyon"), "2025-06", ["ppa", "ppa_bonification"])
    forfaitaire = 633.21 * 2.1
    forfait_logement = 0.165 * 1.8 * 633.21
    assert 700 + 151.80 + forfait_logement < forfaitaire
    assert resultats.valeurs["familles"]["famille_1"]["ppa"] == pytest.approx(0.5985 * 700, abs=0.01)
    assert resultats.valeurs["individus"]["karim"]["ppa_bonification"] == 0
