"""metropole compare: baseline and reform on one population. The comparison's totals are the sums of
the per-famille differences; the take-up draw is the same in both runs; reforms are found by name
and their parameters checked."""

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from openfisca_metropole.cli import main
from openfisca_metropole.population.comparaison import compare, deciles
from openfisca_metropole.population.synthetique import genere
from openfisca_metropole.reforms import ErreurReforme, construit


@pytest.fixture(scope="module")
def table():
    return genere("lyon", "2025-06", personnes=20000)


@pytest.fixture(scope="module")
def rsa_jeunes(table, tbs):
    return compare(table, "2025-06", ["rsa_jeunes"], mode="draw", tbs=tbs)


def test_totals_are_the_sums_of_the_per_famille_differences(rsa_jeunes):
    familles = rsa_jeunes.familles
    poids = familles["poids"].to_numpy()
    resume = rsa_jeunes.resume()
    attendu = float(np.sum(poids * familles["ecart"]))
    total = resume["gagnants_perdants"]["total"][0]
    assert total["écart €/mois"] == pytest.approx(attendu)
    couts = {ligne["groupe"]: ligne for ligne in resume["couts"]}
    assert sum(l["écart €/mois perçus"] for nom, l in couts.items() if nom != "CSS") == pytest.approx(attendu)
    for par in ("conference_territoriale", "qpv", "type_menage", "decile"):
        lignes = resume["gagnants_perdants"][par]
        assert sum(l["écart €/mois"] for l in lignes) == pytest.approx(attendu)
        assert sum(l["gagnants"] + l["perdants"] + l["inchangés"] for l in lignes) == pytest.approx(float(poids.sum()))
    assert couts["RSA"]["écart €/an"] == pytest.approx(12 * couts["RSA"]["écart €/mois"])


def test_rsa_for_young_adults_only_adds_young_households(rsa_jeunes):
    """Nobody loses; each famille that gains had no RSA and has a parent of 18 to 24."""
    familles = rsa_jeunes.familles
    assert (familles["ecart"] >= -0.01).all()
    gagnants = familles[familles["ecart"] > 0.01]
    assert len(gagnants) > 0 and (gagnants["rsa_base"] == 0).all() and (gagnants["rsa_reforme"] > 0).all()
    individus = rsa_jeunes.base.individus
    parents = individus[individus["famille_role"] != "enfant"]
    jeunes = set(parents.loc[parents["age"].between(18, 24), "famille_id"])
    assert set(gagnants["famille_id"]) <= jeunes


def test_draw_is_the_same_for_households_the_reform_leaves_alone(rsa_jeunes):
    familles = rsa_jeunes.familles
    for programme in ("rsa", "ppa"):
        inchanges = familles[f"{programme}_base"] == familles[f"{programme}_reforme"]
        pd.testing.assert_series_equal(
            familles.loc[inchanges, f"{programme}_recours_base"],
            familles.loc[inchanges, f"{programme}_recours_reforme"],
            check_names=False,
        )


def test_automatic_css_only_adds_claims(table, tbs):
    """Entitlements do not move; in draw mode the CSS claimed can only rise (PPA households now get
    it with the prime they claim), and with entitlement take-up nothing changes."""
    tirage = compare(table, "2025-06", ["css_automatique"], mode="draw", tbs=tbs).familles
    assert (tirage["css_droit_base"] == tirage["css_droit_reforme"]).all()
    assert (tirage["css_recours_reforme"] >= tirage["css_recours_base"]).all()
    assert (tirage["css_recours_reforme"] > tirage["css_recours_base"]).sum() > 0
    gagne = (tirage["css_recours_reforme"] - tirage["css_recours_base"]).clip(lower=0)
    total = compare(table, "2025-06", ["css_automatique"], mode="draw", tbs=tbs).resume()["gagnants_perdants"]["total"][0]
    assert total["CSS gagnée"] == pytest.approx(float((tirage["poids"] * gagne).sum())) and total["CSS perdue"] == 0
    droit = compare(table, "2025-06", ["css_automatique"], tbs=tbs).resume()
    css = {l["groupe"]: l for l in droit["couts"]}["CSS"]
    assert css["foyers percevant avant"] == css["foyers percevant après"] == css["foyers avant"]


def test_deciles_split_the_weight_in_tenths():
    valeurs = np.arange(100, dtype=float)
    np.testing.assert_array_equal(deciles(valeurs, np.ones(100)), np.repeat(np.arange(1, 11), 10))
    # weights count: the last value weighs as much as all the others
    rang = deciles(np.arange(10, dtype=float), np.array([1.0] * 9 + [9.0]))
    assert rang[-1] == 10 and rang[0] == 1


def test_reform_parameters_are_converted_and_checked():
    (reforme,) = construit(["rsa_jeunes"], {"age": "21"})
    assert reforme.parametres == {"age": 21, "heures": 0.0, "debut": "2009-06-01"}
    with pytest.raises(ErreurReforme, match="unknown reform 'rsa_pour_tous'"):
        construit(["rsa_pour_tous"])
    with pytest.raises(ErreurReforme, match="parameter 'taux' is not one of the reforms rsa_jeunes"):
        construit(["rsa_jeunes"], {"taux": "0.1"})
    with pytest.raises(ErreurReforme, match="age expects a int, not 'vingt'"):
        construit(["rsa_jeunes"], {"age": "vingt"})


def test_cli_compare_prints_tables_and_writes_the_differences(tmp_path):
    sortie = tmp_path / "ecarts.csv"
    resultat = CliRunner().invoke(
        main, ["compare", "--reform", "rsa_jeunes", "--param", "age=21", "--period", "2025-06", "--personnes", "5000", "-o", str(sortie)]
    )
    assert resultat.exit_code == 0, resultat.output
    assert "Réforme(s) : rsa_jeunes (age=21)" in resultat.output
    assert "gagnants et perdants (decile)" in resultat.output
    ecarts = pd.read_csv(sortie)
    assert {"famille_id", "rsa_base", "rsa_reforme", "ecart", "decile"} <= set(ecarts.columns)
    resultat = CliRunner().invoke(main, ["compare", "--reform", "css_automatique", "--period", "2025-06", "--personnes", "3000", "--json"])
    assert resultat.exit_code == 0, resultat.output
    assert json.loads(resultat.output)["reformes"] == ["css_automatique"]


@pytest.mark.parametrize(
    "arguments, code, message",
    [
        (["--reform", "rsa_pour_tous"], 1, "unknown reform 'rsa_pour_tous'"),
        (["--reform", "rsa_jeunes", "--param", "age=30"], 1, "age must be between 18 and 25, not 30"),
        (["--reform", "rsa_jeunes", "--param", "age"], 2, "--param expects KEY=VALUE, not 'age'"),
        (["--reform", "rsa_jeunes", "--param", "taux=2"], 1, "parameter 'taux' is not one of the reforms rsa_jeunes"),
    ],
)
def test_cli_compare_bad_reform_input_is_one_line_and_non_zero(arguments, code, message):
    resultat = CliRunner().invoke(main, ["compare", *arguments, "--period", "2025-06", "--personnes", "500"])
    assert resultat.exit_code == code, resultat.output
    assert message in resultat.output


def test_a_reform_s_own_payment_is_costed_and_follows_the_rsa_claim(table, tbs):
    """complement_metropole pays 50 € + 25 € per other person to RSA households; in draw mode only
    those who claim the RSA receive it; the gain of each famille is that payment."""
    comparaison = compare(table, "2025-06", ["complement_metropole"], mode="draw", tbs=tbs)
    f = comparaison.familles
    poids = f["poids"].to_numpy()
    recoit = f["complement_metropole_percu_reforme"] > 0
    assert recoit.sum() > 0
    assert (f.loc[recoit, "rsa_recours_reforme"] == 1).all() and (f.loc[~recoit & (f["rsa_reforme"] > 0), "rsa_recours_reforme"] == 0).all()
    np.testing.assert_allclose(f["ecart"], f["complement_metropole_percu_reforme"])
    assert ((f.loc[f["rsa_reforme"] > 0, "complement_metropole_reforme"] - 50) % 25 == 0).all()
    couts = {l["groupe"]: l for l in comparaison.resume()["couts"]}
    assert couts["complement_metropole"]["€/mois perçus après"] == pytest.approx(float((poids * f["complement_metropole_percu_reforme"]).sum()))
    assert couts["complement_metropole"]["€/mois avant"] == 0


def test_revaluation_scales_every_montant_forfaitaire_from_its_start(tbs):
    from openfisca_metropole.reforms import applique

    reforme = applique(tbs, ["revalorisation"], {"taux": "0.1", "debut": "2025-02-01"})
    for jour, facteur in (("2025-01-15", 1.0), ("2025-02-01", 1.1), ("2025-04-01", 1.1), ("2026-04-01", 1.1)):
        for programme in ("rsa", "prime_activite"):
            avant = getattr(tbs.parameters(jour).prestations, programme).montant_forfaitaire
            apres = getattr(reforme.parameters(jour).prestations, programme).montant_forfaitaire
            assert apres == pytest.approx(avant * facteur), (jour, programme)


@pytest.mark.parametrize("nom", sorted(__import__("openfisca_metropole.reforms", fromlist=["REFORMES"]).REFORMES))
def test_every_registered_reform_loads_as_openfisca_serve_loads_it(nom):
    """``openfisca serve -r openfisca_metropole.reforms.<name>.<name>`` builds its system this way."""
    from openfisca_core.scripts import build_tax_benefit_system

    systeme = build_tax_benefit_system("openfisca_metropole", None, [f"openfisca_metropole.reforms.{nom}.{nom}"])
    assert type(systeme).__name__ == nom


def test_prefilled_declarations_lower_non_take_up_by_the_share_asked(table, tbs):
    """declaration_preremplie with today's lag (decalage 2): entitlements do not move; in expected
    mode each entitled famille's non-take-up of the RSA and of the prime is halved
    (baisse_non_recours 0.5), and the CSS granted with the RSA follows; in draw mode nobody who
    claimed stops claiming."""
    parametres = {"decalage": "2", "baisse_non_recours": "0.5"}
    attendu = compare(table, "2025-06", ["declaration_preremplie"], parametres, mode="expected", tbs=tbs).familles
    for programme in ("rsa", "ppa"):
        np.testing.assert_array_equal(attendu[f"{programme}_base"], attendu[f"{programme}_reforme"])
        droit = attendu[f"{programme}_base"] > 0
        assert droit.sum() > 100
        non_recours_avant = 1 - attendu.loc[droit, f"{programme}_recours_base"].to_numpy()
        non_recours_apres = 1 - attendu.loc[droit, f"{programme}_recours_reforme"].to_numpy()
        assert non_recours_avant.min() > 0.1
        np.testing.assert_allclose(non_recours_apres, 0.5 * non_recours_avant)
    # the CSS granted with the RSA follows the RSA claim; the CSS claimed on its own does not move
    sans_rsa = attendu["rsa_base"] == 0
    np.testing.assert_array_equal(attendu.loc[sans_rsa, "css_recours_base"], attendu.loc[sans_rsa, "css_recours_reforme"])
    assert (attendu["css_recours_reforme"] >= attendu["css_recours_base"] - 1e-12).all()
    tirage = compare(table, "2025-06", ["declaration_preremplie"], parametres, mode="draw", tbs=tbs).familles
    for programme in ("rsa", "ppa"):
        assert (tirage[f"{programme}_recours_reforme"] >= tirage[f"{programme}_recours_base"]).all()
        assert (tirage[f"{programme}_recours_reforme"] > tirage[f"{programme}_recours_base"]).sum() > 0


def test_prefilled_declarations_bring_back_the_months_before_the_decree(tbs):
    from openfisca_metropole.reforms import ErreurReforme as Erreur
    from openfisca_metropole.reforms import applique

    reforme = applique(tbs, ["declaration_preremplie"], {"baisse_non_recours": "0.25"})
    for jour, decalage, facteur in (("2025-02-01", 1, 1.0), ("2025-03-01", 1, 0.75), ("2026-06-01", 1, 0.75)):
        assert reforme.parameters(jour).prestations.rsa.ressources.mois_reference.decalage == decalage
        assert reforme.parameters(jour).prestations.prime_activite.ressources.mois_reference.decalage == decalage
        assert reforme.parameters(jour).non_recours.ppa == pytest.approx(tbs.parameters(jour).non_recours.ppa * facteur)
    assert tbs.parameters("2025-06-01").prestations.rsa.ressources.mois_reference.decalage == 2
    with pytest.raises(Erreur, match="decalage must be 1 or 2, not 0"):
        applique(tbs, ["declaration_preremplie"], {"decalage": "0"})


def test_local_youth_aid_is_paid_to_every_eligible_young_person_and_costed(table, tbs):
    """revenu_solidarite_jeunes_lyon follows no benefit's claim: in draw mode every famille entitled
    receives it; each gain is a sum of 420 € and 315 € (June 2025) and goes to a famille with a
    member of 18 to 24 and no RSA."""
    comparaison = compare(table, "2025-06", ["revenu_solidarite_jeunes_lyon"], mode="draw", tbs=tbs)
    f = comparaison.familles
    nom = "revenu_solidarite_jeunes_famille"
    recoit = f[f"{nom}_reforme"] > 0
    assert recoit.sum() > 50
    np.testing.assert_array_equal(f[f"{nom}_percu_reforme"], f[f"{nom}_reforme"])
    np.testing.assert_allclose(f["ecart"], f[f"{nom}_reforme"])
    assert (f.loc[recoit, "rsa_base"] == 0).all()
    montants = f.loc[recoit, f"{nom}_reforme"].to_numpy()
    assert all(any(abs(m - (420 * a + 315 * b)) < 1e-6 for a in range(4) for b in range(4)) for m in montants)
    individus = comparaison.base.individus
    jeunes = set(individus.loc[individus["age"].between(18, 24), "famille_id"])
    assert set(f.loc[recoit, "famille_id"]) <= jeunes
    couts = {l["groupe"]: l for l in comparaison.resume()["couts"]}
    assert couts[nom]["écart €/mois perçus"] == pytest.approx(float((f["poids"] * f[f"{nom}_reforme"]).sum()))


def test_sanctions_take_the_share_asked_of_the_rsa_of_a_drawn_share_of_households(table, tbs):
    """obligation_15_heures at 5 % sanctioned, 30 % suspended: nobody gains; each loser had the RSA
    and keeps 70 % of it; the losers are about 5 % of the RSA households (the synthetic population
    has no exemption inputs, so every RSA household is held to the duty); the draw is keyed, so a
    second run sanctions the same households."""
    parametres = {"part_sanctionnee": "0.05"}
    f = compare(table, "2025-06", ["obligation_15_heures"], parametres, tbs=tbs).familles
    assert (f["ecart"] <= 0.01).all()
    perd = f["ecart"] < -0.01
    np.testing.assert_allclose(f.loc[perd, "rsa_reforme"], 0.7 * f.loc[perd, "rsa_base"])
    avec_rsa = f["rsa_base"] > 0
    assert avec_rsa.sum() > 500
    assert 0.03 < perd.sum() / avec_rsa.sum() < 0.07
    encore = compare(table, "2025-06", ["obligation_15_heures"], parametres, tbs=tbs).familles
    assert list(encore.loc[encore["ecart"] < -0.01, "famille_id"]) == list(f.loc[perd, "famille_id"])


@pytest.mark.parametrize(
    "parametres, message",
    [
        ({"taux_suspension": "0.2"}, "between 0.3 .décret 2025-478. and 1, not 0.2"),
        ({"debut": "2025-01-01"}, "debut must be 2025-06-01 or later"),
        ({"part_sanctionnee": "1.5"}, "part_sanctionnee must be between 0 and 1"),
    ],
)
def test_sanction_parameters_outside_the_decree_are_refused(tbs, parametres, message):
    from openfisca_metropole.reforms import applique

    with pytest.raises(ErreurReforme, match=message):
        applique(tbs, ["obligation_15_heures"], parametres)


def test_young_adults_variant_with_the_law_s_hours_is_the_law(table, tbs):
    """rsa_jeunes with heures 3 214 from 18 is D262-25-1 as it stands: nobody's RSA moves."""
    f = compare(table, "2025-06", ["rsa_jeunes"], {"heures": "3214"}, tbs=tbs).familles
    np.testing.assert_array_equal(f["rsa_base"], f["rsa_reforme"])
    with pytest.raises(ErreurReforme, match="heures must be between 0 and 3214"):
        from openfisca_metropole.reforms import applique

        applique(tbs, ["rsa_jeunes"], {"heures": "5000"})
