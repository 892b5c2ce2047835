"""metropole parametre and metropole parametres: values, dates, references and stale checks, against
what the parameter files say (parameters/prestations/rsa/montant_forfaitaire.yaml, ...)."""

import datetime
import json

import pytest
from click.testing import CliRunner

from openfisca_metropole import explorateur
from openfisca_metropole.cli import main

DECRET_2025 = "Décret n° 2025-293 du 29 mars 2025 portant revalorisation du montant forfaitaire du RSA, art. 1 — https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000051393086"


def lance(*args):
    return CliRunner().invoke(main, list(args))


def test_a_short_name_finds_the_parameter():
    assert explorateur.cherche("rsa.montant_forfaitaire").name == "prestations.rsa.montant_forfaitaire"
    assert explorateur.cherche("prestations.rsa.montant_forfaitaire").name == "prestations.rsa.montant_forfaitaire"


@pytest.mark.parametrize(
    "jour, ligne",
    [
        ("2025-06-01", "au 2025-06-01 : 646.52 € (depuis le 2025-04-01)"),
        ("2025-03-31", "au 2025-03-31 : 635.71 € (depuis le 2024-04-01)"),
        ("2009-06-01", "au 2009-06-01 : 454.63 € (depuis le 2009-06-01)"),
    ],
)
def test_value_at_a_date(jour, ligne):
    resultat = lance("parametre", "rsa.montant_forfaitaire", "--date", jour)
    assert resultat.exit_code == 0, resultat.output
    assert ligne in resultat.output


def test_value_with_its_reference_and_last_check():
    sortie = lance("parametre", "rsa.montant_forfaitaire", "--date", "2025-06-01").output
    assert DECRET_2025 in sortie
    assert "Dernière valeur vérifiée en vigueur le : 2026-11-21" in sortie
    assert "Fichier : parameters/prestations/rsa/montant_forfaitaire.yaml" in sortie


def test_before_the_first_value():
    sortie = lance("parametre", "rsa.montant_forfaitaire", "--date", "2009-05-31").output
    assert "pas de valeur au 2009-05-31" in sortie


def test_history_oldest_first_with_dates_references_and_journal():
    resultat = lance("parametre", "rsa.montant_forfaitaire", "--history")
    assert resultat.exit_code == 0, resultat.output
    valeurs = [l.strip() for l in resultat.output.splitlines() if l.strip().startswith("depuis le ")]
    assert len(valeurs) == 24  # 24 dated values in the file, 2009-06-01 to 2026-04-01
    assert valeurs[0] == "depuis le 2009-06-01 : 454.63 €"
    assert valeurs[-2:] == ["depuis le 2025-04-01 : 646.52 €", "depuis le 2026-04-01 : 651.69 €"]
    assert "JO du 2026-03-31" in resultat.output  # official_journal_date of the 2026-04-01 value


def test_history_json():
    resultat = lance("parametre", "rsa.montant_forfaitaire", "--history", "--json")
    donnees = json.loads(resultat.output)
    valeurs = donnees[0]["valeurs"]
    assert [v["debut"] for v in valeurs] == sorted(v["debut"] for v in valeurs)
    assert valeurs[-2]["valeur"] == 646.52
    assert valeurs[-2]["references"][0]["href"] == "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000051393086"
    assert valeurs[-2]["journal_officiel"] is None  # not confirmed: omitted in the file


def test_rates_keep_every_decimal():
    sortie = lance("parametre", "rsa.forfait_logement.taux_3_personnes_ou_plus", "--date", "2025-06-01").output
    assert "0.165 (16.5 %)" in sortie


def test_a_folder_prints_each_parameter():
    sortie = lance("parametre", "prestations.rsa.majorations", "--date", "2025-06-01").output
    for nom, valeur in (("deuxieme_personne", "0.5 (50 %)"), ("troisieme_personne", "0.3 (30 %)"), ("enfant_supplementaire", "0.4 (40 %)")):
        assert f"prestations.rsa.majorations.{nom}" in sortie
    assert "au 2025-06-01 : 0.4 (40 %) (depuis le 2009-06-01)" in sortie


def test_a_scale_prints_its_brackets():
    # ACS amounts by age on 1 January: 550 € from 60 since 2013-12-25 (LFSS 2014).
    sortie = lance("parametre", "acs.montant_par_age", "--date", "2015-06-01").output
    assert "tranche 4, seuil : au 2015-06-01 : 60 ans (depuis le 2005-12-20)" in sortie
    assert "tranche 4, montant : au 2015-06-01 : 550 € (depuis le 2013-12-25)" in sortie


# The parameters whose last_value_still_valid_on is before 2025-11-21, read from their files.
PERIMES_2026_11_21 = {
    "prestations.complementaire_sante.abattements.aah": "2021-04-01",
    "prestations.complementaire_sante.abattements.asi.couple": "2021-04-01",
    "prestations.complementaire_sante.abattements.asi.personne_seule": "2021-04-01",
    "prestations.complementaire_sante.abattements.aspa_asv.couple": "2021-04-01",
    "prestations.complementaire_sante.abattements.aspa_asv.personne_seule": "2021-04-01",
    "metropoles.lyon.revenu_solidarite_jeunes.age_maximum": "2023-11-27",
    "metropoles.lyon.revenu_solidarite_jeunes.age_minimum": "2023-11-27",
    "metropoles.lyon.revenu_solidarite_jeunes.montant_avec_revenus": "2023-11-27",
    "metropoles.lyon.revenu_solidarite_jeunes.montant_sans_revenus": "2023-11-27",
    "metropoles.lyon.revenu_solidarite_jeunes.plafond_revenus_activite": "2023-11-27",
    "prestations.complementaire_sante.participation.alsace_moselle": "2023-12-29",
    "prestations.prime_activite.ressources.mois_reference.decalage": "2025-03-01",
    "prestations.prime_activite.ressources.mois_reference.nombre": "2025-03-01",
    "prestations.complementaire_sante.participation.france": "2025-06-30",
}


def test_stale_parameters_json():
    resultat = lance("parametres", "--perimes", "--au", "2026-11-21", "--json")
    assert resultat.exit_code == 0, resultat.output
    donnees = json.loads(resultat.output)
    assert donnees["verifies_avant"] == "2025-11-21"
    assert {p["parametre"]: p["derniere_verification"] for p in donnees["parametres"]} == PERIMES_2026_11_21
    dates = [p["derniere_verification"] for p in donnees["parametres"]]
    assert dates == sorted(dates)  # oldest first


def test_stale_parameters_text():
    resultat = lance("parametres", "--perimes", "--au", "2026-11-21")
    assert resultat.exit_code == 0, resultat.output
    assert resultat.output.startswith("14 paramètre(s) dont la dernière valeur n'a pas été vérifiée depuis le 2025-11-21")
    assert "2021-04-01  prestations.complementaire_sante.abattements.aah" in resultat.output
    assert "68 € depuis le 2021-04-01" in resultat.output
    assert "barème de" in resultat.output  # the CSS participation scales


def test_stale_boundary_is_twelve_months():
    # participation.france was last found in force on 2025-06-30: stale from 2026-07-01 only.
    noms = lambda au: {p["parametre"] for p in explorateur.perimes(au, 12)}  # noqa: E731
    assert "prestations.complementaire_sante.participation.france" not in noms(datetime.date(2026, 6, 30))
    assert "prestations.complementaire_sante.participation.france" in noms(datetime.date(2026, 7, 1))
    assert noms(datetime.date(2022, 3, 31)) == set()  # nothing was checked before 2021-03-31


def test_stale_under_a_prefix_and_none():
    sortie = lance("parametres", "prestations.rsa", "--perimes", "--au", "2026-11-21").output
    assert sortie.startswith("Aucun paramètre à revérifier")


def test_months_back():
    assert explorateur.mois_avant(datetime.date(2024, 3, 31), 1) == datetime.date(2024, 2, 29)
    assert explorateur.mois_avant(datetime.date(2026, 11, 21), 12) == datetime.date(2025, 11, 21)


def test_list_under_a_prefix():
    resultat = lance("parametres", "prestations.rsa.majorations", "--au", "2025-06-01")
    assert resultat.exit_code == 0, resultat.output
    lignes = resultat.output.splitlines()
    assert len(lignes) == 4
    assert lignes[1].split() == ["prestations.rsa.majorations.deuxieme_personne", "2026-11-21", "0.5", "(50", "%)"]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["parametre", "rsa.montant_forfaitair"], 1, "Error: unknown parameter 'rsa.montant_forfaitair' (did you mean prestations.rsa.montant_forfaitaire"),
        (["parametre", "montant_forfaitaire"], 1, "Error: parameter 'montant_forfaitaire' is ambiguous: prestations.prime_activite.montant_forfaitaire, prestations.rsa.montant_forfaitaire"),
        (["parametre", "rsa.montant_forfaitaire", "--date", "2025-13-01"], 1, "Error: invalid date '2025-13-01': expected a day (2025-06-01)"),
        (["parametres", "--perimes", "--au", "hier"], 1, "Error: invalid date 'hier'"),
        (["parametre", "rsa.montant_forfaitaire", "--date", "2025-06-01", "--history"], 2, "--date and --history exclude each other"),
    ],
)
def test_bad_input_is_one_line(args, code, message):
    resultat = lance(*args)
    assert resultat.exit_code == code
    assert message in resultat.output
    if code == 1:
        assert len(resultat.output.strip().splitlines()) == 1
