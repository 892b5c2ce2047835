"""programs.yaml against the system: variables, parameter prefixes, periods, texts, divergences and
last-check dates are what the code and the parameter files say; metropole programmes prints it."""

import copy
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from openfisca_metropole.cli import main
from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.registre import charge, chemin, systeme_de, toutes_les_variables, verifie

RACINE = Path(__file__).resolve().parents[1]
# docs/divergences.md section -> the programs whose divergence classes it lists
SECTIONS = {
    "RSA": {"rsa"},
    "Prime d'activité": {"prime_activite"},
    "CMU-C, ACS and complémentaire santé solidaire": {"complementaire_sante"},
    "Family benefits (AF, ASF, CF, PAJE basic allowance)": {"prestations_familiales", "rsa"},
}


@pytest.fixture(scope="module")
def registre():
    return charge()


def test_the_registry_is_the_root_file(registre):
    assert chemin().resolve() == (RACINE / "programs.yaml").resolve()
    assert {"rsa", "prime_activite", "complementaire_sante", "iae", "revenu_solidarite_jeunes_lyon"} <= set(registre)


def test_the_system_confirms_every_entry(registre, tbs):
    assert verifie(registre, tbs) == []


@pytest.mark.parametrize(
    "modification, attendu",
    [
        (lambda r: r["rsa"]["variables"].append("rsa_inexistant"), "rsa: unknown variable 'rsa_inexistant'"),
        (lambda r: r["prime_activite"]["parametres"].append("prestations.ppa_inexistant"), "prime_activite: parameter prefix 'prestations.ppa_inexistant'"),
        (lambda r: r["complementaire_sante"]["periodes"][0].update(fin="2019-12-31"), "complementaire_sante: 'acs' ends on 2019-10-31, not on 2019-12-31"),
        (lambda r: r["iae"]["periodes"][1].update(debut="2021-01-01"), "iae: 'iae_nb_criteres_niveau_1' starts on 2021-09-01, not on 2021-01-01"),
        (lambda r: r["rsa"].update(derniere_verification="2027-01-01"), "rsa: derniere_verification is 2027-01-01, the parameters say 2026-11-21"),
        (lambda r: r["revenu_solidarite_jeunes_lyon"]["variables"].append("revenu_solidarite_jeunes_paris"), "unknown variable 'revenu_solidarite_jeunes_paris'"),
    ],
)
def test_a_false_entry_is_reported(registre, tbs, modification, attendu):
    faux = copy.deepcopy(registre)
    modification(faux)
    assert any(attendu in probleme for probleme in verifie(faux, tbs)), verifie(faux, tbs)


def test_last_checks_are_the_parameters_oldest(registre):
    # Worked out from the files: the CSS abattements (abattements/aah.yaml ...) were last found in
    # force on 2021-04-01, the prime's mois_reference on 2025-03-01, the RSJ's amounts on 2023-11-27.
    assert registre["complementaire_sante"]["derniere_verification"] == "2021-04-01"
    assert registre["prime_activite"]["derniere_verification"] == "2025-03-01"
    assert registre["revenu_solidarite_jeunes_lyon"]["derniere_verification"] == "2023-11-27"
    assert registre["compte_insertion_heures"]["derniere_verification"] is None


def _hrefs(systeme) -> set[str]:
    hrefs = set()
    for parametre in systeme.parameters.get_descendants():
        reference = parametre.metadata.get("reference") if hasattr(parametre, "metadata") else None
        for liste in (reference or {}).values() if isinstance(reference, dict) else []:
            hrefs.update(r.get("href") for r in liste if isinstance(r, dict))
    for variable in systeme.variables.values():
        references = variable.reference if isinstance(variable.reference, list) else [variable.reference]
        hrefs.update(r for r in references if isinstance(r, str) and r.startswith("http"))
    return hrefs


def test_every_text_is_one_the_parameters_or_variables_cite(registre, tbs):
    """No link is written in the registry that the parameter files or the variables do not give."""
    for identifiant, entree in registre.items():
        connus = _hrefs(systeme_de(entree, tbs))
        assert entree["textes"], identifiant
        for texte in entree["textes"]:
            assert texte["href"] in connus, (identifiant, texte["href"])
            assert texte["titre"].strip(), identifiant


def _classes_du_document() -> dict[str, set[str]]:
    classes, section = {}, None
    for ligne in (RACINE / "docs" / "divergences.md").read_text(encoding="utf-8").splitlines():
        if ligne.startswith("## "):
            section = ligne[3:].strip()
        elif section and re.match(r"\| `[a-z0-9_]+` \|", ligne):
            classes.setdefault(section, set()).add(ligne.split("`")[1])
    return classes


def test_divergences_are_those_of_the_documentation(registre):
    document = _classes_du_document()
    assert set(document) == set(SECTIONS)
    for section, classes in document.items():
        du_registre = set()
        for identifiant in SECTIONS[section]:
            du_registre |= {d["classe"] for d in registre[identifiant]["divergences_openfisca_france"]}
        assert classes <= du_registre, (section, classes - du_registre)
    tout_le_document = set().union(*document.values())
    for identifiant, entree in registre.items():
        for divergence in entree["divergences_openfisca_france"]:
            assert divergence["classe"] in tout_le_document, (identifiant, divergence["classe"])
            assert divergence["raison"].strip()


def test_a_malformed_registry_is_one_error(tmp_path):
    fichier = tmp_path / "programs.yaml"
    fichier.write_text("programmes:\n  rsa:\n    libelle: RSA\n", encoding="utf-8")
    with pytest.raises(ErreurMetropole, match="program 'rsa' lacks statut"):
        charge(fichier)
    fichier.write_text("programmes: [", encoding="utf-8")
    with pytest.raises(ErreurMetropole, match="invalid YAML"):
        charge(fichier)


def _modifie(tmp_path, modification):
    """programs.yaml with one change, written to a temporary file."""
    import yaml

    donnees = yaml.safe_load(chemin().read_text(encoding="utf-8"))
    modification(donnees)
    fichier = tmp_path / "programs.yaml"
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    return fichier


@pytest.mark.parametrize(
    "modification, message",
    [
        (lambda d: d["programmes"]["rsa"].update(periodes=None), "program 'rsa': periodes: expected a list of periods (debut, fin), not null"),
        (lambda d: d["programmes"]["rsa"].update(periodes=["2016"]), "program 'rsa': periodes[0]: expected a mapping (debut, fin), not '2016'"),
        (lambda d: d["programmes"]["rsa"]["periodes"][1].pop("fin"), "program 'rsa': periodes[1]: lacks fin"),
        (lambda d: d["programmes"]["rsa"]["periodes"][1].update(variables="rsa"), "program 'rsa': periodes[1].variables: expected a list of names, not 'rsa'"),
        (lambda d: d["programmes"]["rsa"]["periodes"][0].update(debut=2009), "program 'rsa': periodes[0].debut: expected a date (YYYY-MM-DD) or null, not 2009"),
        (lambda d: d["programmes"]["iae"].update(textes=["Code du travail"]), "program 'iae': textes[0]: expected a mapping (titre, href), not 'Code du travail'"),
        (lambda d: d["programmes"]["iae"]["textes"][1].pop("href"), "program 'iae': textes[1]: lacks href"),
        (lambda d: d["programmes"]["iae"]["textes"][0].update(titre=None), "program 'iae': textes[0].titre: expected a non-empty text, not null"),
        (lambda d: d["programmes"]["rsa"].update(divergences_openfisca_france={"etudiant_majore": "L262-4"}),
         "program 'rsa': divergences_openfisca_france: expected a list of divergences (classe, raison), not a mapping"),
        (lambda d: d["programmes"]["rsa"]["divergences_openfisca_france"].insert(1, "arrondi"),
         "program 'rsa': divergences_openfisca_france[1]: expected a mapping (classe, raison), not 'arrondi'"),
        (lambda d: d["programmes"]["rsa"]["divergences_openfisca_france"][0].pop("raison"), "program 'rsa': divergences_openfisca_france[0]: lacks raison"),
        (lambda d: d["programmes"]["rsa"]["non_modelise"].insert(0, {"Mayotte": "montants propres"}), "program 'rsa': non_modelise[0]: expected a non-empty text, not a mapping"),
        (lambda d: d["programmes"]["rsa"].update(variables="rsa"), "program 'rsa': variables: expected a list of names, not 'rsa'"),
        (lambda d: d["programmes"]["rsa"].update(statut=["complete"]), "program 'rsa': statut: expected one of complete, partial, proposal, not a list"),
        (lambda d: d["programmes"]["rsa"].update(statut="abrogé"), "program 'rsa': statut: expected one of complete, partial, proposal, not 'abrogé'"),
        (lambda d: d["programmes"].update(rsa=["RSA"]), "program 'rsa': expected a mapping of its fields, not a list"),
    ],
)
def test_a_registry_of_the_wrong_shape_is_one_line_naming_entry_and_field(tmp_path, modification, message):
    fichier = _modifie(tmp_path, modification)
    with pytest.raises(ErreurMetropole) as erreur:
        charge(fichier)
    assert str(erreur.value) == f"{fichier}: {message}"


@pytest.mark.parametrize("contenu", ["- rsa\n- ppa\n", "42\n", "programmes: [rsa]\n", "programmes: null\n"])
def test_a_registry_that_is_no_mapping_is_one_line(tmp_path, contenu):
    fichier = tmp_path / "programs.yaml"
    fichier.write_text(contenu, encoding="utf-8")
    with pytest.raises(ErreurMetropole) as erreur:
        charge(fichier)
    assert str(erreur.value) == f"{fichier}: expected a mapping 'programmes' of program id to entry"


def test_every_list_item_of_the_registry_is_text(registre):
    """A YAML item with ' : ' in it is a mapping unless quoted (it was, in complementaire_sante)."""
    for identifiant, entree in registre.items():
        for champ in ("variables", "parametres", "non_modelise", "commandes"):
            assert all(isinstance(element, str) for element in entree[champ]), (identifiant, champ)


def test_programmes_lists_every_program(registre):
    resultat = CliRunner().invoke(main, ["programmes"])
    assert resultat.exit_code == 0, resultat.output
    for identifiant, entree in registre.items():
        assert f"{identifiant} — {entree['libelle']}" in resultat.output
    assert "complet ; 2009-06-01 → 2015-12-31, 2016-01-01 → aujourd'hui ; valeurs vérifiées au 2026-11-21" in resultat.output


def test_programmes_details_one_program():
    resultat = CliRunner().invoke(main, ["programmes", "complementaire_sante"])
    assert resultat.exit_code == 0, resultat.output
    assert "2009-06-01 → 2019-10-31" in resultat.output and "variables : acs" in resultat.output
    assert "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000044488241" in resultat.output  # décret 2021-1642
    assert "Écarts connus avec openfisca-france : 13" in resultat.output


def test_programmes_json(registre):
    resultat = CliRunner().invoke(main, ["programmes", "--json"])
    assert resultat.exit_code == 0, resultat.output
    donnees = json.loads(resultat.output)
    assert list(donnees) == list(registre)
    assert set(toutes_les_variables(donnees["rsa"])) >= {"rsa", "rsa_activite"}


def test_unknown_program_is_one_line():
    resultat = CliRunner().invoke(main, ["programmes", "rmi"])
    assert resultat.exit_code == 1
    assert resultat.output.strip().splitlines() == [
        "Error: unknown program 'rmi': expected one of rsa, prime_activite, complementaire_sante, "
        "prestations_familiales, iae, revenu_solidarite_jeunes_lyon, compte_insertion_heures"
    ]
