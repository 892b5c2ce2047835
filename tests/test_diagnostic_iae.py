"""metropole iae: the IAE diagnosis a prescriber reads. Expected results are worked out by hand from
R5132-1-7 CT and the arrêté du 1er septembre 2021 in each docstring."""

import json

import pytest
from click.testing import CliRunner

from openfisca_metropole.cli import main
from openfisca_metropole.diagnostic_iae import diagnostic
from openfisca_metropole.situation_examples import FOLDER, load, names, persons

VAULX = str(FOLDER / "personne_iae_vaulx_en_velin.json")
COUPLE = str(FOLDER / "couple_deux_enfants_lyon.json")


def lance(*args, entree=None):
    return CliRunner().invoke(main, list(args), input=entree)


def test_bundled_example_tells_which_structures_and_what_to_check():
    """Born 1973-03-02: 52 on 2025-06-15, senior (>= 50). Lives in a QPV of Vaulx-en-Velin.
    Registered 8 months (< 12: no DELD), bac (level 4 > 3: no CAP/BEP criterion), 650 € of salary
    each month (RSA: 646.52 − 650 < 0, no RSA). Two level-2 criteria: ETTI and AI (2 required) may
    hire, EI, ACI and EITI (3) lack one; the mobility problem was not assessed and could be it.
    Validity: a prescriber's diagnosis expires 6 months later (on 2025-12-15, so valid until
    14/12/2025), a structure's 92 days later (2025-09-15, valid until 14/09/2025)."""
    resultat = lance("iae", VAULX, "--date", "2025-06-15")
    assert resultat.exit_code == 0, resultat.output
    sortie = resultat.output
    assert "La personne (52 ans)" in sortie
    assert "Critères remplis : 0 de niveau 1, 2 de niveau 2" in sortie
    assert "[niveau 2] Senior (50 ans ou plus) — justificatif : pièce d'identité" in sortie
    assert "[niveau 2] Résident d'un quartier prioritaire" in sortie
    assert "entreprise de travail temporaire d'insertion (ETTI) : oui" in sortie
    assert "association intermédiaire (AI) : oui" in sortie
    assert "entreprise d'insertion (EI) : non (il manque 1 critère de niveau 2)" in sortie
    assert "atelier et chantier d'insertion (ACI) : non (il manque 1 critère de niveau 2)" in sortie
    assert "diagnostic de mobilité (probleme_mobilite) : critère(s) pm" in sortie
    assert "jusqu'au 14/12/2025, d'une structure jusqu'au 14/09/2025" in sortie
    assert "Attention" not in sortie  # resources declared, RSA computed at 0: nothing to confirm


def test_a_third_criterion_opens_every_structure():
    """The same person with a mobility problem established: 3 level-2 criteria, every structure."""
    personne = load("personne_iae_vaulx_en_velin")
    personne["probleme_mobilite"] = True
    rapport = diagnostic(personne, "2025-06-15")["personnes"]["personne"]
    assert [c["code"] for c in rapport["criteres"]] == ["senior", "qpv", "pm"]
    assert all(s["eligible"] for s in rapport["structures"].values())
    assert rapport["informations_manquantes"] == []


def test_json_output_for_tools():
    resultat = lance("iae", VAULX, "--date", "2025-06-15", "--json")
    assert resultat.exit_code == 0, resultat.output
    rapport = json.loads(resultat.output)
    personne = rapport["personnes"]["personne"]
    assert rapport["regime"] == "criteres"
    assert personne["nb_criteres_niveau_1"] == 0 and personne["nb_criteres_niveau_2"] == 2
    assert {k: v["eligible"] for k, v in personne["structures"].items()} == {
        "ei": False, "etti": True, "ai": True, "aci": False, "eiti": False,
    }
    assert personne["structures"]["ei"]["criteres_niveau_2_manquants"] == 1
    assert personne["validite"]["pass_iae_mois"] == 24 and personne["validite"]["delai_carence_mois"] == 24


def test_age_is_taken_on_the_day_of_the_diagnosis():
    """Born 1999-06-15: 25 on 2025-06-14 (jeune, < 26), 26 on 2025-06-15 (not jeune)."""
    personne = {"date_naissance": "1999-06-15", "salaire_net": {"month:2025-01:6": 9000}}
    veille = diagnostic(personne, "2025-06-14")["personnes"]["personne"]
    jour = diagnostic(personne, "2025-06-15")["personnes"]["personne"]
    assert veille["age"] == 25 and [c["code"] for c in veille["criteres"]] == ["jeune"]
    assert jour["age"] == 26 and jour["criteres"] == []


def test_computed_rsa_is_flagged_and_missing_resources_named():
    """A person alone, 45, nothing declared: the RSA is computed on zero resources (646.52 in June
    2025), so the RSA criterion holds, but the diagnosis says it is a computed right, and that
    neither receipt nor resources of the reference months (2025-02..2025-04 since 2025-03) were given."""
    rapport = diagnostic({"date_naissance": "1980-01-01"}, "2025-06-15")["personnes"]["personne"]
    assert [c["code"] for c in rapport["criteres"]] == ["rsa"]
    assert any("droit calculé (646.52 €" in a for a in rapport["avertissements"])
    manque = {m["saisie"]: m for m in rapport["informations_manquantes"]}
    assert "2025-02 → 2025-04" in manque["beneficiaire_rsa"]["detail"]


def test_declared_rsa_receipt_replaces_the_computation():
    rapport = diagnostic(
        {"date_naissance": "1980-01-01", "beneficiaire_rsa": True, "salaire_net": {"month:2025-01:6": 9000}},
        "2025-06-15",
    )["personnes"]["personne"]
    assert [c["code"] for c in rapport["criteres"]] == ["rsa"]
    assert rapport["avertissements"] == []
    assert all(s["eligible"] for s in rapport["structures"].values())


def test_certification_depends_on_the_date():
    """The téléservice certifies the RSA from 2024-10-01 and the RQTH from 2026-03-23: before,
    a paper proof."""
    personne = {"date_naissance": "1980-01-01", "beneficiaire_rsa": True, "rqth": True}
    avant = diagnostic(personne, "2024-06-15")["personnes"]["personne"]["criteres"]
    apres = diagnostic(personne, "2026-06-15")["personnes"]["personne"]["criteres"]
    assert {c["code"]: bool(c["certification"]) for c in avant} == {"rsa": False, "th": False}
    assert {c["code"]: bool(c["certification"]) for c in apres} == {"rsa": True, "th": True}


def test_household_situation_diagnoses_people_of_16_and_over():
    """The couple example (children of 8 and 5 in the file) in June 2025: only the two parents are
    diagnosed. The famille receives 315.57 € of RSA (computed, not declared): the RSA criterion
    for both parents, flagged as a computed right; its resources are declared, so nothing missing
    about the RSA."""
    rapport = diagnostic(load("couple_deux_enfants_lyon"), "2025-06-15")
    assert set(rapport["personnes"]) == set(load("couple_deux_enfants_lyon")["familles"]["famille_1"]["parents"])
    for personne in rapport["personnes"].values():
        assert "rsa" in [c["code"] for c in personne["criteres"]]
        assert any("315.57" in a for a in personne["avertissements"])
        assert all(m["saisie"] != "beneficiaire_rsa" for m in personne["informations_manquantes"])


def test_before_september_2021_priority_public():
    """2021-06-15: the criteria do not exist yet; registered 14 months (>= 12): a priority public
    of the Pôle emploi agrément."""
    rapport = diagnostic(
        {"date_naissance": "1980-01-01", "duree_inscription_france_travail": 14, "salaire_net": {"2021": 18000}},
        "2021-06-15",
    )
    personne = rapport["personnes"]["personne"]
    assert rapport["regime"] == "agrement"
    assert personne["public_prioritaire"] and personne["criteres"] == [] and personne["structures"] == {}
    sortie = lance("iae", "-", "--date", "2021-06-15", entree=json.dumps(
        {"date_naissance": "1980-01-01", "duree_inscription_france_travail": 14, "salaire_net": {"2021": 18000}}
    )).output
    assert "Public prioritaire de l'IAE (orientation vers l'agrément Pôle emploi) : oui" in sortie


@pytest.mark.parametrize(
    "entree, args, message",
    [
        ('{"date_naissance": "1980-01-01"}', ["--date", "2025-13-01"], "invalid date '2025-13-01'"),
        ('{"date_naissance": "1980-01-01", "rqht": true}', ["--date", "2025-06-15"], "did you mean rqth"),
        ('{"rqth": true}', ["--date", "2025-06-15"], "individus.personne.date_naissance: a date such as 1987-03-14 is needed"),
        ('{"date_naissance": "2012-01-01"}', ["--date", "2025-06-15"], "no person aged 16 or more"),
        ('{"date_naissance": "1980-01-01"}', ["--date", "2025-06-15", "--person", "x"], "--person x: no such person"),
        ('{"date_naissance": "1980-01-01", "niveau_diplome": "bac"}', ["--date", "2025-06-15"], "niveau_diplome"),
        ('[1, 2]', ["--date", "2025-06-15"], "a situation is a JSON object"),
        ('{"date_naissance": "1980-01-01"', ["--date", "2025-06-15"], "invalid JSON at line 1"),
        ('{"date_naissance": null}', ["--date", "2025-06-15"], "date_naissance: None is not a date such as 1987-03-14"),
        ('{"date_naissance": "1980-01-01", "rqth": "no"}', ["--date", "2025-06-15"], "rqth: 'no' is not true or false"),
        ('{"date_naissance": "1980-01-01", "duree_inscription_france_travail": -5}', ["--date", "2025-06-15"],
         "duree_inscription_france_travail: -5 is not a whole number, 0 or more"),
        ('{"date_naissance": "1980-01-01", "duree_inscription_france_travail": 23.9}', ["--date", "2025-06-15"],
         "is not a whole number"),
        ('{"date_naissance": "1980-01-01", "en_couple": true}', ["--date", "2025-06-15"], "en_couple: a one-person file"),
        ('{"date_naissance": "1980-01-01", "iae_date_diagnostic": "2025-06-05"}', ["--date", "2025-06-15"],
         "iae_date_diagnostic: differs from --date 2025-06-15"),
        ('{"date_naissance": "1980-01-01"}', ["--date", "9999-12-31"], "the diagnosis is for a day from 2009-06-01"),
        ('{"individus": {"a": {"date_naissance": {"ETERNITY": "1980-01-01"}}, "b": {"date_naissance": {"ETERNITY": "1990-01-01"}}},'
         ' "familles": {"f": {"parents": ["a", "b"]}}, "menages": {"m": {"personne_de_reference": ["a"]}}}',
         ["--date", "2025-06-15"], "individus.b: in no menage"),
        ('{"individus": {"a": {"date_naissance": {"ETERNITY": "1980-01-01"}}},'
         ' "familles": {"f": {"parents": ["a"]}, "g": {"parents": ["a"]}}, "menages": {"m": {"personne_de_reference": ["a"]}}}',
         ["--date", "2025-06-15"], "'a' is already in familles.f"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_1(entree, args, message):
    resultat = lance("iae", "-", *args, entree=entree)
    assert resultat.exit_code == 1, resultat.output
    lignes = [ligne for ligne in resultat.output.splitlines() if ligne.strip()]
    assert len(lignes) == 1 and message in lignes[0], resultat.output


def test_examples_are_split_between_situations_and_persons():
    assert "personne_iae_vaulx_en_velin" in persons()
    assert "personne_iae_vaulx_en_velin" not in names()


def test_web_api_answers_the_iae_variables(tbs):
    """The variables are served by openfisca-core's web API like any other: a person of 52 in a QPV
    (senior + QPV, 2 level-2 criteria) may be hired by an ETTI, not by an EI."""
    from openfisca_web_api.app import create_app

    client = create_app(tbs).test_client()
    situation = {
        "individus": {"p": {
            "date_naissance": {"ETERNITY": "1973-03-02"},
            "iae_date_diagnostic": {"2025-06": "2025-06-15"},
            "niveau_diplome": {"2025-06": "niveau_4"},
            "iae_nb_criteres_niveau_2": {"2025-06": None},
            "iae_eligible_etti": {"2025-06": None},
            "iae_eligible_ei": {"2025-06": None},
        }},
        "familles": {"f": {"parents": ["p"], "beneficiaire_rsa": {"2025-06": False}}},
        "menages": {"m": {"personne_de_reference": ["p"], "qpv": {"2025-06": True}}},
        "foyers_fiscaux": {"ff": {"declarants": ["p"]}},
    }
    reponse = client.post("/calculate", json=situation)
    assert reponse.status_code == 200, reponse.get_data(as_text=True)
    personne = reponse.get_json()["individus"]["p"]
    assert personne["iae_nb_criteres_niveau_2"] == {"2025-06": 2}
    assert personne["iae_eligible_etti"] == {"2025-06": True}
    assert personne["iae_eligible_ei"] == {"2025-06": False}


def _situation(**individus):
    """Persons alone in their famille and menage; each keyword is a person's variables."""
    return {
        "individus": individus,
        "familles": {f"f_{p}": {"parents": [p]} for p in individus},
        "menages": {f"m_{p}": {"personne_de_reference": [p]} for p in individus},
    }


def test_a_named_child_under_16_gets_no_structure():
    """--person on a child of 15: the criteria are listed, but nobody may hire before 16 (L4153-1)."""
    situation = _situation(
        parent={"date_naissance": {"ETERNITY": "1980-01-01"}, "salaire_net": {"month:2025-01:6": 9000}},
    )
    situation["individus"]["enfant"] = {"date_naissance": {"ETERNITY": "2010-01-01"}, "sans_domicile": {"2025-06": True}}
    situation["familles"]["f_parent"]["enfants"] = ["enfant"]
    situation["menages"]["m_parent"]["enfants"] = ["enfant"]
    rapport = diagnostic(situation, "2025-06-15", ["enfant"])["personnes"]["enfant"]
    assert not rapport["age_minimum_embauche_atteint"]
    assert all(not s["eligible"] and s["criteres_niveau_2_manquants"] is None for s in rapport["structures"].values())
    sortie = lance("iae", "-", "--date", "2025-06-15", "--person", "enfant", entree=json.dumps(situation)).output
    assert "Moins de 16 ans : aucune embauche possible" in sortie
    assert "prescripteur habilité" not in sortie


def test_eligibility_resting_on_a_computed_rsa_is_conditional():
    """Nothing declared: eligible everywhere on the computed RSA alone, which the output says,
    instead of calling the missing RSA receipt 'sans effet'."""
    sortie = lance("iae", "-", "--date", "2025-06-15", entree='{"date_naissance": "1980-01-01"}').output
    assert "Sous réserve de la perception effective du RSA" in sortie
    assert "sans effet" not in sortie


def test_yearly_self_employed_profit_counts_as_declared_rsa_resource():
    """A profit of N-1 (30 000 € in 2024) is what the RSA reads for a self-employed worker
    (R262-18): the resources are declared (RSA 0, 2 500 € a month > 646.52), not 'nulles'."""
    rapport = diagnostic(
        {"date_naissance": "1980-01-01", "rpns_autres_revenus": {"2024": 30000}, "rpns_autres_revenus_chiffre_affaires": {"2024": 60000}},
        "2025-06-15",
    )["personnes"]["personne"]
    assert all(m["saisie"] != "beneficiaire_rsa" for m in rapport["informations_manquantes"])
    assert rapport["criteres"] == []


def test_certification_replaces_the_proof_only_for_rsa_and_aah_after_september_2025():
    """RSA declared: in June 2025 the certification is possible but the CAF attestation stays the
    proof; from the arrêté du 4 septembre 2025 (taken in force on 2025-09-07) it is the proof."""
    personne = {"date_naissance": "1980-01-01", "beneficiaire_rsa": True}
    juin = diagnostic(personne, "2025-06-15")["personnes"]["personne"]["criteres"][0]["certification"]
    octobre = diagnostic(personne, "2025-10-15")["personnes"]["personne"]["criteres"][0]["certification"]
    assert "le justificatif reste à garder" in juin
    assert "vaut justificatif" in octobre


def test_single_parent_is_certifiable_only_through_the_asf():
    """The téléservice certifies a single parent through the ASF: only when the famille receives it."""
    personne = {"date_naissance": "1980-01-01", "parent_isole": True, "beneficiaire_rsa": False}
    sans_asf = diagnostic(personne, "2025-06-15")["personnes"]["personne"]["criteres"]
    avec_asf = diagnostic({**personne, "asf": 199.19}, "2025-06-15")["personnes"]["personne"]["criteres"]
    assert [(c["code"], c["certification"]) for c in sans_asf] == [("pi", "")]
    assert "allocation de soutien familial" in avec_asf[0]["certification"]


def test_before_september_2021_the_missing_inputs_are_those_of_the_priority_publics():
    sortie = lance("iae", "-", "--date", "2021-06-15", entree='{"date_naissance": "1980-01-01", "salaire_net": {"2021": 18000}}').output
    assert "durée d'inscription à France Travail (mois) (duree_inscription_france_travail)" in sortie
    for absent in ("critère(s)", "probleme_mobilite", "qpv", "certification", "Validité"):
        assert absent not in sortie


def test_validity_of_a_structure_diagnosis_before_and_after_january_2025():
    """Before 2025-01-06 the platform kept a structure's diagnosis 6 months (2024-06-15 → valid until
    2024-12-14); from then, 92 days (2025-01-10 + 92 = 2025-04-12, valid until 2025-04-11)."""
    personne = {"date_naissance": "1980-01-01", "beneficiaire_rsa": True}
    avant = diagnostic(personne, "2024-06-15")["personnes"]["personne"]["validite"]
    apres = diagnostic(personne, "2025-01-10")["personnes"]["personne"]["validite"]
    assert avant["diagnostic_siae_jusqu_au"] == "2024-12-14"
    assert apres["diagnostic_siae_jusqu_au"] == "2025-04-11"
    assert apres["diagnostic_prescripteur_jusqu_au"] == "2025-07-09"


def test_eiti_after_the_end_of_its_experiment_is_flagged():
    rapport = diagnostic({"date_naissance": "1980-01-01", "beneficiaire_rsa": True}, "2027-06-15")
    assert any("EITI" in a for a in rapport["personnes"]["personne"]["avertissements"])


def test_age_criteria_do_not_depend_on_the_order_of_computation():
    """Only ``age`` (30) given: asking for the date of birth first (its default, 1970-01-01) must
    not turn the person into a senior of 55."""
    from openfisca_metropole.situation import calcule

    situation = _situation(p={"age": {"2025-06": 30}})
    situation["familles"]["f_p"]["beneficiaire_rsa"] = {"2025-06": False}
    resultats = calcule(situation, "2025-06", ["date_naissance", "iae_age", "iae_critere_senior", "iae_critere_jeune"])
    p = resultats.valeurs["individus"]["p"]
    assert (p["iae_age"], p["iae_critere_senior"], p["iae_critere_jeune"]) == (30, False, False)
