"""metropole explique: the computation tree of the bundled couple's RSA, checked against the amounts
worked out from the law, and the one-line errors."""

import json

import pytest
from click.testing import CliRunner

from openfisca_metropole.cli import main
from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.explication import explique
from openfisca_metropole.situation_examples import FOLDER, load

EXEMPLE = str(FOLDER / "couple_deux_enfants_lyon.json")
# June 2025, couple with two children: montant forfaitaire 646.52 (décret 2025-293) for 4 persons
# 646.52 × (1 + 0.5 + 0.3 + 0.3); forfait logement of 3 persons or more 646.52 × 1.8 × 0.165 (R262-9).
MONTANT_FORFAITAIRE = 646.52 * 2.1
FORFAIT_LOGEMENT = 646.52 * 1.8 * 0.165


def lance(*args, entree=None):
    return CliRunner().invoke(main, list(args), input=entree)


def _trouve(noeud, variable, periode="2025-06"):
    if noeud.variable == variable and noeud.periode == periode and not noeud.calcule_plus_haut:
        return noeud
    for enfant in noeud.enfants:
        trouve = _trouve(enfant, variable, periode)
        if trouve is not None:
            return trouve
    return None


@pytest.fixture(scope="module")
def arbre():
    return explique(load("couple_deux_enfants_lyon"), "rsa", "2025-06").arbres[0]


def test_the_tree_adds_up_to_the_rsa(arbre):
    montant = _trouve(arbre, "rsa_montant_forfaitaire").valeurs["famille_1"]
    forfait = _trouve(arbre, "rsa_forfait_logement").valeurs["famille_1"]
    ressources = _trouve(arbre, "rsa_base_ressources").valeurs["famille_1"]
    assert montant == pytest.approx(MONTANT_FORFAITAIRE, abs=0.01)
    assert forfait == pytest.approx(FORFAIT_LOGEMENT, abs=0.01)
    assert arbre.variable == "rsa" and arbre.periode == "2025-06"
    assert arbre.valeurs["famille_1"] == pytest.approx(montant - forfait - ressources, abs=0.02)
    assert arbre.valeurs["famille_1"] == pytest.approx(315.57, abs=0.01)


def test_parameters_with_value_date_and_reference(arbre):
    forfait = _trouve(arbre, "rsa_forfait_logement")
    parametres = {p.nom: p for p in forfait.parametres}
    mf = parametres["prestations.rsa.montant_forfaitaire"]
    assert (mf.date, mf.valeur, mf.debut) == ("2025-06-01", 646.52, "2025-04-01")
    assert mf.references[0]["href"] == "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000051393086"
    # the value as written in the file, not the float32 the formula saw (0.16500000655651093)
    assert parametres["prestations.rsa.forfait_logement.taux_3_personnes_ou_plus"].valeur == 0.165


def test_values_per_person(arbre):
    enfants = _trouve(_trouve(arbre, "rsa_base_ressources"), "enfant_a_charge")
    assert enfants.valeurs == {"karim": False, "sarah": False, "ines": True, "yanis": True}


def test_a_computation_is_shown_once():
    """openfisca-core computes each variable once a period; a later read is marked, not repeated."""
    arbre = explique(load("couple_deux_enfants_lyon"), "rsa", "2025-06").arbres[0]
    detailles, repetes = set(), []

    def parcours(noeud):
        cle = (noeud.variable, noeud.periode)
        if noeud.calcule_plus_haut:
            repetes.append(cle)
            assert not noeud.enfants and not noeud.parametres
            return
        if noeud.enfants or noeud.parametres:
            assert cle not in detailles, cle
            detailles.add(cle)
        for enfant in noeud.enfants:
            parcours(enfant)

    parcours(arbre)
    assert repetes and set(repetes) <= detailles
    assert ("enfant_a_charge", "2025-06") in repetes  # read by the resources, then by the earnings


def test_depth_limit(arbre):
    court = explique(load("couple_deux_enfants_lyon"), "rsa", "2025-06", profondeur=1).arbres[0]
    assert court.enfants and all(not e.enfants for e in court.enfants)
    assert any(e.calculs_omis > 0 for e in court.enfants)
    racine = explique(load("couple_deux_enfants_lyon"), "rsa", "2025-06", profondeur=0).arbres[0]
    assert racine.enfants == [] and racine.calculs_omis > 0
    assert racine.parametres[0].nom == "prestations.rsa.montant_minimum_verse"


def test_cli_text():
    resultat = lance("explique", EXEMPLE, "--variable", "rsa", "--period", "2025-06")
    assert resultat.exit_code == 0, resultat.output
    lignes = resultat.output.splitlines()
    assert lignes[0] == f"Calcul de rsa pour 2025-06 ({EXEMPLE})"
    assert lignes[2] == "Revenu de solidarité active versé [rsa, 2025-06] : 315.57"
    assert "   Montant du RSA avant le seuil de versement [rsa_montant, 2025-06] : 315.57" in lignes
    assert any(
        l.strip() == "paramètre prestations.rsa.montant_forfaitaire au 2025-06-01 : 646.52 €, en vigueur depuis le 2025-04-01"
        for l in lignes
    )
    assert any("Montant forfaitaire du RSA (non majoré) pour la composition du foyer [rsa_montant_forfaitaire, 2025-06] : 1 357.69" in l for l in lignes)
    assert any("augmenter --profondeur" in l for l in lignes)
    assert any(l.strip().startswith("à zéro : ") for l in lignes)


def test_cli_json_whole_tree():
    resultat = lance("explique", EXEMPLE, "-v", "rsa", "-p", "2025-06", "--complet", "--json")
    assert resultat.exit_code == 0, resultat.output
    donnees = json.loads(resultat.output)
    racine = donnees["arbres"][0]
    assert racine["valeurs"] == {"famille_1": 315.57}
    assert racine["calculs_omis"] == 0
    assert {e["variable"] for e in racine["enfants"]} >= {"rsa_montant"}


def test_cli_stdin_and_year():
    # a month variable over a year: one tree per month, summed as metropole calcule does
    with open(EXEMPLE, encoding="utf-8") as fichier:
        resultat = lance("explique", "-", "-v", "rsa", "-p", "2025", "--profondeur", "0", entree=fichier.read())
    assert resultat.exit_code == 0, resultat.output
    assert resultat.output.count("Revenu de solidarité active versé [rsa, 2025-") == 12


def test_other_programs():
    resultat = lance("explique", str(FOLDER / "personne_seule_villeurbanne.json"), "-v", "css_droit", "-p", "2025-06", "--profondeur", "1")
    assert resultat.exit_code == 0, resultat.output
    assert "[css_droit, 2025-06] : avec_participation" in resultat.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["-v", "rsaa", "-p", "2025-06"], "Error: unknown variable 'rsaa' (did you mean rsa?)"),
        (["-v", "rsa", "-p", "2025-13"], "Error: invalid period '2025-13': expected a month (2025-06) or a year (2025)"),
    ],
)
def test_bad_input_is_one_line(args, message):
    resultat = lance("explique", EXEMPLE, *args)
    assert resultat.exit_code == 1
    assert resultat.output.strip().splitlines() == [message]


def test_malformed_situation(tmp_path):
    fichier = tmp_path / "menage.json"
    fichier.write_text('{"individus": {"a": {}},', encoding="utf-8")
    resultat = lance("explique", str(fichier), "-v", "rsa", "-p", "2025-06")
    assert resultat.exit_code == 1
    assert resultat.output.strip().splitlines() == [f"Error: {fichier}: invalid JSON at line 1, column 25: Expecting property name enclosed in double quotes"]
    fichier.write_text('{"individus": {"a": {}}, "familles": {"f": {"parents": ["b"]}}}', encoding="utf-8")
    resultat = lance("explique", str(fichier), "-v", "rsa", "-p", "2025-06")
    assert resultat.exit_code == 1
    assert resultat.output.strip().splitlines() == ["Error: familles.f.parents: unknown person 'b'"]


def test_negative_depth():
    assert lance("explique", EXEMPLE, "-v", "rsa", "-p", "2025-06", "--profondeur", "-1").exit_code == 2
    with pytest.raises(ErreurMetropole, match="invalid depth"):
        explique(load("couple_deux_enfants_lyon"), "rsa", "2025-06", profondeur=-1)


def test_a_list_parameter_is_one_value():
    """geopolitique.ue_eee_suisse is a list, the same for everyone: not "AT ou BE … selon l'instance"."""
    resultat = lance("explique", EXEMPLE, "-v", "rsa", "-p", "2025-06", "--complet")
    assert resultat.exit_code == 0, resultat.output
    assert "selon l'instance" not in resultat.output
    ligne = next(l.strip() for l in resultat.output.splitlines() if "paramètre geopolitique.ue_eee_suisse" in l)
    assert ligne.startswith("paramètre geopolitique.ue_eee_suisse au 2025-06-01 : 31 éléments : AT, BE, BG, ")
    assert ", IS, LI, NO, CH, en vigueur depuis le " in ligne


def test_a_vector_lookup_is_per_instance():
    """A parameter read through an array of keys (``bareme[zone]``) is traced as one value per instance."""
    from types import SimpleNamespace

    import numpy as np

    from openfisca_metropole.explication import _parametre
    from openfisca_metropole.situation import systeme

    def trace(valeur):
        return SimpleNamespace(name="prestations.rsa", period="2025-06-01", value=valeur)

    plusieurs = _parametre(trace(np.array([1.5, 2.0, 1.5], dtype=np.float32)), systeme(), {})
    assert (plusieurs.valeur, plusieurs.texte_valeur) == ([1.5, 2.0], "1.5 ou 2 selon l'instance")
    une = _parametre(trace(np.array([1.5, 1.5], dtype=np.float32)), systeme(), {})
    assert (une.valeur, une.texte_valeur) == (1.5, "1.5")


@pytest.mark.parametrize(
    "exemple, variable, profondeurs",
    [("couple_deux_enfants_lyon", "rsa", range(0, 9)), ("personne_seule_villeurbanne", "css_droit", range(0, 9))],
)
def test_cut_subtrees_hide_nothing_shown_later(exemple, variable, profondeurs):
    """A computation first met in a subtree cut at the depth limit was not shown: a later, shallower
    read shows it in full instead of saying "(calculé plus haut)"."""
    calcules = set()  # computations that read something, from the whole tree

    def tous(noeud):
        if noeud.enfants or noeud.parametres:
            calcules.add((noeud.variable, noeud.periode))
        for enfant in noeud.enfants:
            tous(enfant)

    for arbre in explique(load(exemple), variable, "2025-06").arbres:
        tous(arbre)
    for profondeur in profondeurs:
        montres, fautes = set(), []

        def parcours(noeud):
            cle = (noeud.variable, noeud.periode)
            if noeud.calcule_plus_haut:
                if cle not in montres:
                    fautes.append(("calculé plus haut mais jamais montré", cle))
                return
            if noeud.calculs_omis == 0 and (noeud.enfants or noeud.parametres):
                montres.add(cle)
            elif noeud.calculs_omis == 0 and cle in calcules:
                fautes.append(("montré comme une donnée", cle))
            for enfant in noeud.enfants:
                parcours(enfant)

        for arbre in explique(load(exemple), variable, "2025-06", profondeur=profondeur).arbres:
            parcours(arbre)
        assert not fautes, (profondeur, fautes[:3])
