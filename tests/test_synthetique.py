"""The synthetic populations: deterministic for a seed, valid against the schema, faithful to the
figures of data/calage.yaml they are drawn from, and runnable from the CLI."""

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from openfisca_metropole import cli
from openfisca_metropole.erreurs import ErreurMetropole
from openfisca_metropole.population import lit, simule, valide
from openfisca_metropole.population.simulation import _construit
from openfisca_metropole.population.synthetique import TERRITOIRES, calage, communes, genere
from openfisca_metropole.situation import systeme

TAGS = {"confirmed", "secondary", "hypothese", "cale"}


@pytest.fixture(scope="module")
def lyon():
    return genere("lyon", "2025-06", personnes=200_000)


def test_same_seed_same_table_other_seed_other_table():
    a = genere("lille", "2025-06", personnes=20_000)
    b = genere("lille", "2025-06", personnes=20_000)
    pd.testing.assert_frame_equal(a, b)
    c = genere("lille", "2025-06", graine=7, personnes=20_000)
    assert not a["salaire_net"].equals(c["salaire_net"])


@pytest.mark.parametrize("territoire", TERRITOIRES)
def test_the_table_fits_the_schema(territoire):
    table = genere(territoire, "2025-06", personnes=30_000)
    validation = valide(systeme(), table)
    assert validation.erreurs == []


def test_every_figure_has_a_value_a_tag_and_a_source():
    donnees = calage()
    for section in ("lyon", "lille", "commun", "modele"):
        for nom, figure in donnees[section].items():
            if not isinstance(figure, dict) or "valeur" not in figure:
                continue
            assert figure["tag"] in TAGS, (section, nom)
            assert len(figure["source"]) > 20, (section, nom)
    for territoire in ("lyon", "lille"):
        types = donnees[territoire]["types_menage"]["valeur"]
        assert sum(types.values()) == pytest.approx(1.0, abs=0.002)
        assert sum(donnees[territoire]["occupation"]["valeur"].values()) == pytest.approx(1.0, abs=0.002)


def test_communes_of_each_territory():
    """58 communes in the Métropole de Lyon (Oullins-Pierre-Bénite merged), 95 in the MEL; 10 and 8
    territories; codes an openfisca text variable can hold."""
    for territoire, nombre, conferences in (("lyon", 58, 10), ("lille", 95, 8)):
        table = communes(territoire)
        assert len(table) == nombre
        assert table["insee"].is_unique
        assert table["conference_code"].nunique() == conferences
        assert table["conference_code"].map(lambda c: c.isascii() and len(c) <= 40).all()
    assert communes("lyon")["population"].sum() == 1_436_354  # populations légales 2023


def test_shares_drawn_match_the_published_figures(lyon):
    """On 200 000 persons: QPV share of the persons, household types, tenure, persons per household."""
    figures = calage()["lyon"]
    menages = lyon.drop_duplicates("menage_id")
    assert lyon["qpv"].mean() == pytest.approx(figures["qpv_part"]["valeur"], abs=0.01)
    assert len(lyon) / len(menages) == pytest.approx(figures["taille_menage"]["valeur"], abs=0.05)
    occupation = menages["statut_occupation_logement"].value_counts(normalize=True)
    for statut, part in figures["occupation"]["valeur"].items():
        assert occupation[statut] == pytest.approx(part, abs=0.01), statut
    taille = lyon.groupby("menage_id").size()
    seules = (taille == 1).mean()
    assert seules == pytest.approx(figures["types_menage"]["valeur"]["personne_seule"], abs=0.015)
    assert lyon["poids"].sum() == pytest.approx(communes("lyon")["population"].sum())


def test_children_are_younger_than_their_parents_and_adults_are_adults(lyon):
    age = (pd.Timestamp("2025-06-01") - pd.to_datetime(lyon["date_naissance"])).dt.days / 365.25
    enfant = lyon["famille_role"] == "enfant"
    assert age[~enfant].min() >= 18 - 1 / 365  # birth dates are rounded to the day
    assert age[enfant].max() < 25
    parent = lyon[lyon["famille_role"] == "demandeur"].set_index("famille_id")
    plus_jeune_parent = age[~enfant].groupby(lyon.loc[~enfant, "famille_id"]).min()
    aine = age[enfant].groupby(lyon.loc[enfant, "famille_id"]).max()
    assert (plus_jeune_parent.loc[aine.index] - aine >= 18 - 1 / 365).all()
    assert len(parent) == lyon["famille_id"].nunique()


def test_resources_follow_activity(lyon):
    retraite = lyon["activite"] == "retraite"
    assert (lyon.loc[retraite, "retraite_nette"] > 0).all()
    assert (lyon.loc[~retraite, "retraite_nette"] == 0).all()
    assert (lyon.loc[lyon["chomage_net"] > 0, "activite"] == "chomeur").all()
    # The family benefits are not drawn: the engine computes them.
    assert not {"af", "asf", "cf", "paje_base"} & set(lyon.columns)


def test_family_benefits_computed_on_the_synthetic_population():
    """AF computed by the engine for the generated families (June 2025, resources far under the
    ceilings of the modulation): 0.32 × 474.37 = 151.80 € for two children under 20,
    (0.32 + 0.41) × 474.37 = 346.29 € for three (D521-1 CSS), plus 75.90 € (16 %) for each child
    of 14 or more (not the eldest of two); no base amount for one child. Halved above the first ceiling of the
    modulation (D521-1 and D521-3 CSS)."""
    table = genere("lyon", "2025-06", personnes=20_000)
    variables = ["af", "af_base", "af_nb_enfants", "af_taux_modulation"]
    familles = simule(table, "2025-06", variables=variables).familles.astype(float)
    plein = familles[familles["af_taux_modulation"] == 1]
    assert np.allclose(plein.loc[plein["af_nb_enfants"] == 2, "af_base"], 151.80, atol=0.01)
    assert np.allclose(plein.loc[plein["af_nb_enfants"] == 3, "af_base"], 346.29, atol=0.01)
    # Above the first ceiling (resources annualised from the last three months) the AF are halved.
    demi = familles[familles["af_taux_modulation"] == 0.5]
    assert np.allclose(demi.loc[demi["af_nb_enfants"] == 2, "af_base"], 75.90, atol=0.01)
    assert (familles.loc[familles["af_nb_enfants"] < 2, "af_base"] == 0).all()
    assert (familles["af"] >= familles["af_base"] - 0.01).all()


def test_roles_compared_by_code_give_what_openfisca_gives():
    tbs = systeme()
    table = genere("lyon", "2025-06", personnes=5_000)
    validation = valide(tbs, table)
    simulation, _ = _construit(tbs, table, np.arange(len(table)), validation.colonnes, simulation_mois())
    for entite in ("famille", "menage"):
        population = simulation.populations[entite]
        objets = np.asarray(population.members_role.view(np.ndarray))
        for role in population.entity.flattened_roles:
            attendu = np.array([r is role for r in objets])
            assert np.array_equal(population.members_role == role, attendu)
            assert np.array_equal(simulation.persons.has_role(role), attendu)


def simulation_mois():
    from openfisca_core import periods

    return periods.period("2025-06")


def test_unknown_territory_and_bad_sizes_are_refused():
    with pytest.raises(ErreurMetropole, match="unknown territory 'paris'"):
        genere("paris")
    with pytest.raises(ErreurMetropole, match="at least 1"):
        genere("lyon", personnes=0)
    with pytest.raises(ErreurMetropole, match="invalid period"):
        genere("lyon", "2025-13")


def test_non_ascii_text_is_refused_with_row_and_column():
    table = genere("lyon", "2025-06", personnes=2_000)
    table["conference_territoriale"] = table["conference_territoriale"].astype(str)
    menage = table["menage_id"] == table["menage_id"].iloc[0]
    table.loc[menage, "conference_territoriale"] = "Rhône Amont"
    erreurs = valide(systeme(), table).erreurs
    assert erreurs and str(erreurs[0]) == "row 1, column conference_territoriale: 'Rhône Amont' is not a valid text (ASCII, at most 40 characters)"


def test_cli_runs_the_synthetic_population_and_its_summary_adds_up():
    resultat = CliRunner().invoke(cli.main, ["simule", "--period", "2025-06", "--personnes", "20000", "--json"])
    assert resultat.exit_code == 0, resultat.output
    resume = json.loads(resultat.output)
    assert "Métropole de Lyon" in resume["population"]
    total = resume["tables"]["total"][0]
    assert total["Personnes"] == pytest.approx(1_436_354)
    for table in ("conference_territoriale", "qpv", "type_menage"):
        for colonne in ("RSA foyers", "RSA €/mois", "PPA personnes", "CSS foyers"):
            assert sum(ligne[colonne] for ligne in resume["tables"][table]) == pytest.approx(total[colonne]), (table, colonne)
    groupes = [ligne["groupe"] for ligne in resume["tables"]["conference_territoriale"]]
    assert "Rhône Amont" in groupes and "Lyon" in groupes


def test_cli_territory_options_need_no_file(tmp_path):
    chemin = tmp_path / "lille.parquet"
    resultat = CliRunner().invoke(cli.main, ["population", "genere", "--territoire", "lille", "--personnes", "3000", "-o", str(chemin)])
    assert resultat.exit_code == 0, resultat.output
    assert len(lit(chemin)) == len(genere("lille", "2025-06", personnes=3000))
    assert CliRunner().invoke(cli.main, ["population", "valide", str(chemin)]).exit_code == 0
    refus = CliRunner().invoke(cli.main, ["simule", str(chemin), "--period", "2025-06", "--territoire", "lyon"])
    assert refus.exit_code == 2
    assert "--territoire only apply without a POPULATION file" in refus.output


def test_cli_territories_are_the_generator_s():
    assert cli.TERRITOIRES == TERRITOIRES


def test_a_run_of_the_synthetic_population_is_the_same_chunked_or_not():
    table = genere("lyon", "2025-06", personnes=20_000)
    entier = simule(table, "2025-06")
    morceaux = simule(table, "2025-06", taille_morceau=3_000)
    pd.testing.assert_frame_equal(entier.familles, morceaux.familles)
    pd.testing.assert_frame_equal(entier.individus, morceaux.individus)
