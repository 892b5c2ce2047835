"""metropole preinstruction: the CSS outcome of a household whose RSA claim is instructed, and the
information still missing to conclude. Expected figures are worked out by hand in each docstring."""

import json

import pytest
from click.testing import CliRunner

from openfisca_metropole.cli import main
from openfisca_metropole.preinstruction import preinstruction
from openfisca_metropole.situation_examples import FOLDER, load

COUPLE = str(FOLDER / "couple_deux_enfants_lyon.json")
NADIA = str(FOLDER / "personne_seule_villeurbanne.json")


def lance(*args, entree=None):
    return CliRunner().invoke(main, list(args), input=entree)


def test_rsa_household_gets_the_free_css_automatically():
    """The couple receives the RSA in June 2025 (315.57, see test_situations.py): free CSS whatever
    its resources (L861-2), granted with the RSA since the claim is made after 2022-01-01."""
    resultat = lance("preinstruction", COUPLE, "--period", "2025-06")
    assert resultat.exit_code == 0, resultat.output
    assert "RSA : 315,57 € par mois" in resultat.output
    assert "Complémentaire santé : sans participation (gratuite)" in resultat.output
    assert "attribuée automatiquement avec le RSA" in resultat.output
    assert "Informations manquantes : aucune" in resultat.output


def test_unemployed_person_pays_a_participation():
    """Nadia, 45 on 1 January 2025, claim in June 2025: reference months 2024-05..2025-04 (M-13..M-2).
    Salaries 9 × 1 250 = 11 250, reduced by 30 % since she is now paid unemployment benefit: 7 875;
    unemployment benefit 3 × 950 = 2 850; housing aid 250 a month counted within 12 % × 646.52 =
    77.5824, × 12 = 930.99. Resources 11 655.99: above the free ceiling 10 339, below
    round(10 339 × 1.35) = 13 958. Participation 14 € (30–49 years). No RSA (950 € of benefit in
    each RSA reference month is above the montant forfaitaire of 646.52), so a claim of its own."""
    rapport = preinstruction(load("personne_seule_villeurbanne"), "2025-06")
    famille = rapport["familles"]["famille_1"]
    css = famille["css"]
    assert rapport["mois_reference_css"][0] == "2024-05" and rapport["mois_reference_css"][-1] == "2025-04"
    assert famille["rsa"]["montant"] == 0
    assert css["droit"] == "avec_participation"
    assert css["ressources"] == pytest.approx(11655.99, abs=0.01)
    assert css["plafond"] == 10339 and css["plafond_participation"] == 13958
    assert css["participation_par_personne"] == {"nadia": 14.0}
    assert not css["attribution_automatique"]
    assert famille["complet"] and famille["informations_manquantes"] == []
    sortie = lance("preinstruction", NADIA, "--period", "2025-06").output
    assert "Participation : 14,00 € par mois (nadia 14,00 €)" in sortie
    assert "demande distincte" in sortie


def test_missing_resource_months_are_reported_not_counted_as_zero():
    """Salaries given only for 2025-01..2025-06: the months the RSA reads (2025-02..2025-06) are
    covered, but the CSS reads 2024-05..2025-06 (its reference months and the claim month), 8 of
    which are not, so the CSS outcome is 'à compléter' and names what is missing."""
    situation = load("personne_seule_villeurbanne")
    individu = situation["individus"]["nadia"]
    individu["salaire_net"] = {f"2025-{m:02d}": 1250.0 for m in range(1, 7)}
    del individu["chomage_net"]
    individu["activite"] = {"2025-06": "actif"}
    rapport = preinstruction(situation, "2025-06")
    famille = rapport["familles"]["famille_1"]
    assert famille["rsa"]["determine"]
    assert not famille["css"]["determine"] and not famille["complet"]
    (manque,) = famille["informations_manquantes"]
    assert manque["variable"] == "salaire_net" and manque["pour"] == "CSS"
    assert manque["mois_manquants"] == [f"2024-{m:02d}" for m in range(5, 13)]
    resultat = lance("preinstruction", "-", "--period", "2025-06", entree=json.dumps(situation))
    assert resultat.exit_code == 0, resultat.output
    assert "Complémentaire santé : À COMPLÉTER" in resultat.output
    assert "salaire_net de nadia (CSS) : 8 des 14 mois lus non renseignés (2024-05 → 2024-12)" in resultat.output


def test_rsa_settles_the_css_even_when_older_months_are_missing():
    """The couple's family allowances cover only 2025 (the CSS also reads 2024-05..2024-12), but
    the RSA, whose three months are complete, is enough for the free CSS."""
    situation = load("couple_deux_enfants_lyon")
    af = situation["familles"]["famille_1"]["af"]
    situation["familles"]["famille_1"]["af"] = {m: v for m, v in af.items() if m >= "2025-01"}
    famille = preinstruction(situation, "2025-06")["familles"]["famille_1"]
    assert famille["css"]["determine"] and famille["css"]["motif"] == "beneficiaire_rsa"
    assert famille["complet"]


def test_acs_before_november_2019():
    """The same history seven years earlier (salaries 2017-05..2018-01, benefit from 2018-02), claim
    in June 2018: reference months 2017-06..2018-05 (M-12..M-1 before 2022). Salaries 8 × 1 250 =
    10 000 × 0.7 = 7 000, benefit 4 × 950 = 3 800, housing aid within 12 % × 550.93 = 66.1116 a
    month, 793.34 a year: 11 593.34. Ceilings 8 810 and round(8 810 × 1.35) = round(11 893.5) =
    11 894: the ACS band. Age on 1 January 2018: 37, so 200 € a year."""
    situation = load("personne_seule_villeurbanne")
    for instances in situation.values():
        for instance in instances.values():
            for nom, valeurs in list(instance.items()):
                if isinstance(valeurs, dict) and nom != "date_naissance":
                    instance[nom] = {_recule(m): v for m, v in valeurs.items()}
    rapport = preinstruction(situation, "2018-06")
    css = rapport["familles"]["famille_1"]["css"]
    assert css["ressources"] == pytest.approx(11593.34, abs=0.01)
    assert css["plafond"] == 8810 and css["plafond_participation"] == 11894
    assert css["droit"] == "avec_participation" and css["acs"] == 200
    sortie = lance("preinstruction", "-", "--period", "2018-06", entree=json.dumps(situation)).output
    assert "aide au paiement d'une complémentaire santé (ACS)" in sortie


def _recule(mois: str) -> str:
    """The same month seven years earlier (2025-06 -> 2018-06)."""
    return f"{int(mois[:4]) - 7}{mois[4:]}"


def test_provisional_rsa_leaves_the_css_open():
    """Salary of 900 declared for 2023-09..2024-08 only, claim in October 2024: the RSA reads
    2024-07..2024-09 (M-3..M-1), so September is missing and the RSA is provisional; the free CSS it
    would give is provisional too (with 900 in September, no RSA: CSS with a contribution)."""
    situation = load("personne_seule_villeurbanne")
    individu = situation["individus"]["nadia"]
    individu["salaire_net"] = {"month:2023-09:12": 10800.0}
    del individu["chomage_net"]
    individu["activite"] = {"2024-10": "actif"}
    situation["familles"]["famille_1"]["aide_logement"] = {"month:2023-09:14": 0.0}
    famille = preinstruction(situation, "2024-10")["familles"]["famille_1"]
    assert famille["rsa"]["montant"] > 0 and not famille["rsa"]["determine"]
    assert famille["css"]["motif"] == "beneficiaire_rsa"
    assert not famille["css"]["determine"] and not famille["complet"]


def test_sickness_allowance_without_start_date_is_missing():
    """Sickness allowances in the claim month: whether the leave has lasted more than six months
    (30 % abatement, R861-8) needs its start date."""
    situation = load("personne_seule_villeurbanne")
    individu = situation["individus"]["nadia"]
    individu["indemnites_journalieres_maladie"] = {m: 0.0 for m in individu["salaire_net"]} | {"2025-06": 600.0}
    famille = preinstruction(situation, "2025-06")["familles"]["famille_1"]
    assert [m["variable"] for m in famille["informations_manquantes"]] == ["date_arret_de_travail"]
    assert not famille["complet"]


@pytest.mark.parametrize(
    "modification, message",
    [
        (lambda s: s.pop("familles"), "familles: the pre-instruction needs the household's familles"),
        (lambda s: s["familles"].update({"famille_1": {}}), "familles.famille_1: a famille needs at least one parent"),
        (lambda s: s["individus"].update({"x": {}}), "individus.x: this person is in no famille"),
    ],
)
def test_households_without_familles_are_refused(modification, message):
    situation = load("personne_seule_villeurbanne")
    modification(situation)
    resultat = lance("preinstruction", "-", "--period", "2025-06", entree=json.dumps(situation))
    assert resultat.exit_code == 1
    assert message in resultat.output and len(resultat.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "periode, message",
    [
        ("2025", "the pre-instruction is for one month"),
        ("2008-12", "start in 2009-06"),
        ("juin", "invalid period 'juin'"),
    ],
)
def test_bad_period_is_one_line_exit_1(periode, message):
    resultat = lance("preinstruction", COUPLE, "--period", periode)
    assert resultat.exit_code == 1
    assert message in resultat.output
    assert len(resultat.output.strip().splitlines()) == 1


def test_json_output():
    resultat = lance("preinstruction", COUPLE, "--period", "2025-06", "--json")
    assert resultat.exit_code == 0, resultat.output
    rapport = json.loads(resultat.output)
    famille = rapport["familles"]["famille_1"]
    assert famille["css"]["droit"] == "gratuite" and famille["complet"] is True
    assert set(famille["css"]["participation_par_personne"]) == {"karim", "sarah", "ines", "yanis"}


def test_family_benefits_not_typed_in_are_computed_and_their_resources_stated():
    """The couple's AF left out: computed for 2 children, 0.32 × 474.37 (BMAF 2025-04) = 151.80,
    the amount the example declares, so the RSA is unchanged (315.57). No income is declared for
    2023 (N-2), so the resources are estimated: Karim's 8 400 € a year is 700 € a month,
    700 × 3 × 4 = 8 400, less 10 % = 7 560 € (the AF of 2 children are not modulated up to
    65 473 + 2 × 6 546 = 78 565 € in 2025)."""
    situation = load("couple_deux_enfants_lyon")
    del situation["familles"]["famille_1"]["af"]
    famille = preinstruction(situation, "2025-06")["familles"]["famille_1"]
    pf = famille["prestations_familiales"]
    assert pf["montants"]["af"] == pytest.approx(151.80, abs=0.01)
    assert pf["calculees"] == ["af", "asf", "cf", "paje_base"]
    assert pf["base_ressources"] == pytest.approx(7560, abs=0.01)
    assert pf["origine_base_ressources"] == "trois_derniers_mois_annualises"
    assert famille["rsa"]["montant"] == pytest.approx(315.57, abs=0.01)
    sortie = lance("preinstruction", "-", "--period", "2025-06", entree=json.dumps(situation)).output
    assert "Prestations familiales du mois : AF 151,80 €" in sortie
    assert "ressources N-2 7 560,00 € par an, ESTIMÉES" in sortie
    situation["familles"]["famille_1"]["prestations_familiales_base_ressources"] = {"2025-06": 30000}
    pf = preinstruction(situation, "2025-06")["familles"]["famille_1"]["prestations_familiales"]
    assert pf["origine_base_ressources"] == "saisie" and pf["base_ressources"] == 30000
