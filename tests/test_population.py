"""Population runs: schema validation, the vectorised builder against the situation path, chunks,
file formats, summaries. Expected amounts are worked out by hand in the docstrings."""

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from openfisca_metropole.cli import main
from openfisca_metropole.population import ErreurPopulation, lit, simule, valide
from openfisca_metropole.situation import calcule

COLONNES = "individu_id,famille_id,famille_role,menage_id,menage_role,poids,date_naissance,salaire_net,qpv,conference_territoriale,statut_occupation_logement"
LIGNES = [
    "1,f1,demandeur,m1,personne_de_reference,1,1980-01-01,0,true,rhone_amont,locataire_vide",
    "2,f2,demandeur,m2,personne_de_reference,1,1985-05-05,700,false,lyon,locataire_vide",
    "3,f2,conjoint,m2,conjoint,1,1986-05-05,0,false,lyon,locataire_vide",
    "4,f2,enfant,m2,enfant,1,2015-01-01,0,false,lyon,locataire_vide",
    "5,f2,enfant,m2,enfant,1,2018-01-01,0,false,lyon,locataire_vide",
    "6,f3,demandeur,m3,personne_de_reference,2.5,1960-03-01,2500,false,lyon,locataire_vide",
]


def _table(lignes=LIGNES, colonnes=COLONNES):
    from io import StringIO

    return pd.read_csv(StringIO("\n".join([colonnes, *lignes])), dtype=str, keep_default_na=False, na_values=[""])


def _ecrit_csv(tmp_path, lignes=LIGNES, colonnes=COLONNES):
    chemin = tmp_path / "population.csv"
    chemin.write_text("\n".join([colonnes, *lignes]) + "\n", encoding="utf-8")
    return chemin


def test_amounts_worked_out_by_hand():
    """June 2025, montant forfaitaire 646.52 (from 2025-04), reference months 2025-02..2025-04.
    f1: alone, no resource, tenant: RSA 646.52. f2: couple + 2 children: 646.52 × 2.1 = 1 357.692,
    less the 700 € salary and the family allowances the engine computes for two children (D521-1 CSS:
    32 % of the BMAF, 0.32 × 466.44 = 149.26 in February and March, 0.32 × 474.37 = 151.80 in April,
    mean 150.107): 1 357.692 − 700 − 150.107 = 507.585. f3: alone, 2 500 € of salary: no RSA."""
    resultats = simule(_table(), "2025-06")
    rsa = resultats.familles.set_index("famille_id")["rsa"]
    assert rsa["f1"] == pytest.approx(646.52, abs=0.01)
    assert rsa["f2"] == pytest.approx(507.585, abs=0.01)
    assert rsa["f3"] == 0


def test_population_path_agrees_with_the_situation_path():
    """The same households computed one by one as JSON situations give the same outputs."""
    resultats = simule(_table(), "2025-06")
    mois = [f"2024-{m:02d}" for m in range(5, 13)] + [f"2025-{m:02d}" for m in range(1, 7)]
    table = _table()
    situation = {"individus": {}, "familles": {}, "menages": {}}
    for _, ligne in table.iterrows():
        situation["individus"][ligne.individu_id] = {
            "date_naissance": {"ETERNITY": ligne.date_naissance},
            "salaire_net": {m: float(ligne.salaire_net) for m in mois},
        }
        famille = situation["familles"].setdefault(ligne.famille_id, {"parents": [], "enfants": []})
        famille["enfants" if ligne.famille_role == "enfant" else "parents"].append(ligne.individu_id)
        menage = situation["menages"].setdefault(ligne.menage_id, {
            "qpv": {"2025-06": ligne.qpv == "true"},
            "statut_occupation_logement": {m: ligne.statut_occupation_logement for m in mois},
        })
        role = {"personne_de_reference": "personne_de_reference", "conjoint": "conjoint", "enfant": "enfants"}[ligne.menage_role]
        menage.setdefault(role, []).append(ligne.individu_id)
    attendu = calcule(situation, "2025-06", ["rsa", "ppa", "css_droit", "iae_eligible_etti"])
    for famille_id, valeurs in attendu.valeurs["familles"].items():
        ligne = resultats.familles.set_index("famille_id").loc[famille_id]
        assert ligne["rsa"] == pytest.approx(valeurs["rsa"], abs=0.01)
        assert ligne["ppa"] == pytest.approx(valeurs["ppa"], abs=0.01)
        assert ligne["css_droit"] == valeurs["css_droit"]
    individus = resultats.individus.set_index("individu_id")
    for individu_id, valeurs in attendu.valeurs["individus"].items():
        assert bool(individus.loc[individu_id, "iae_eligible_etti"]) == valeurs["iae_eligible_etti"]


def test_chunked_and_unchunked_runs_are_identical():
    entier = simule(_table(), "2025-06")
    par_morceaux = simule(_table(), "2025-06", taille_morceau=1)
    for nom in ("familles", "individus", "menages"):
        a = getattr(entier, nom).sort_values(list(getattr(entier, nom).columns[:1])).reset_index(drop=True)
        b = getattr(par_morceaux, nom).sort_values(list(getattr(par_morceaux, nom).columns[:1])).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b)


def test_csv_and_parquet_give_the_same_results(tmp_path):
    csv = _ecrit_csv(tmp_path)
    parquet = tmp_path / "population.parquet"
    lit(csv).to_parquet(parquet)
    a = simule(lit(csv), "2025-06").familles
    b = simule(lit(parquet), "2025-06").familles
    pd.testing.assert_frame_equal(a, b)


def test_summary_adds_up_by_territory_and_weights_households():
    """f3 weighs 2.5: 2.5 households in Lyon without RSA. Totals by conference and by QPV equal the total."""
    resume = simule(_table(), "2025-06").resume()
    total = resume["tables"]["total"][0]
    assert total["Familles"] == pytest.approx(4.5)
    assert total["RSA foyers"] == pytest.approx(2)
    assert total["RSA €/mois"] == pytest.approx(646.52 + 507.585, abs=0.02)  # f2 less its computed AF (see above)
    for decoupage in ("conference_territoriale", "qpv", "type_menage"):
        for cle in ("RSA foyers", "RSA personnes", "RSA €/mois", "PPA €/mois", "CSS foyers"):
            assert sum(ligne[cle] for ligne in resume["tables"][decoupage]) == pytest.approx(total[cle])


ERREURS = [
    ("salaire_nett", lambda l: l, None, "unknown variable 'salaire_nett' (did you mean salaire_net"),
    (None, lambda l: [l[0].replace(",0,true", ",abc,true"), *l[1:]], "salaire_net", "row 1, column salaire_net: 'abc' is not a valid number"),
    (None, lambda l: [l[0].replace("locataire_vide", "locataire"), *l[1:]], "statut_occupation_logement", "'locataire' is not a valid value of statut_occupation_logement"),
    (None, lambda l: [l[0].replace(",0,true", ",-5,true"), *l[1:]], "salaire_net", "row 1, column salaire_net: negative amount -5"),
    (None, lambda l: [*l, l[0]], "individu_id", "row 7, column individu_id: id 1 already used on another row"),
    (None, lambda l: [l[0].replace("1,f1,", "1,,"), *l[1:]], "famille_id", "row 1, column famille_id: empty: the person is in no famille"),
    (None, lambda l: [l[0], l[1].replace("demandeur", "conjoint"), *l[2:]], "famille_id", "famille f2 has no demandeur"),
    (None, lambda l: [l[0], l[1], l[2].replace("f2,conjoint", "f2,demandeur"), *l[3:]], "famille_role", "famille f2 has more than 1 demandeur"),
    (None, lambda l: [l[0], l[1], l[2].replace("false,lyon", "true,lyon"), *l[3:]], "qpv", "differs between members of the same menage"),
    (None, lambda l: [l[0], l[1], l[2].replace(",m2,", ",m9,"), *l[3:]], "famille_id", "famille f2 spans several menages"),
    (None, lambda l: [l[0].replace("demandeur", "chef"), *l[1:]], "famille_role", "'chef' is not a role"),
    (None, lambda l: [l[0], l[1], l[2].replace("conjoint,1,", "conjoint,3,"), *l[3:]], "poids", "row 3, column poids: differs between members of the same menage"),
]


@pytest.mark.parametrize("colonne_en_plus, modifie, colonne, message", ERREURS)
def test_each_error_class_is_reported_with_row_column_and_reason(colonne_en_plus, modifie, colonne, message):
    colonnes = COLONNES + (f",{colonne_en_plus}" if colonne_en_plus else "")
    lignes = [l + (",1" if colonne_en_plus else "") for l in modifie(list(LIGNES))]
    validation = valide(__import__("openfisca_metropole.situation", fromlist=["systeme"]).systeme(), _table(lignes, colonnes))
    assert not validation.valide
    textes = [str(e) for e in validation.erreurs]
    assert any(message in t for t in textes), textes
    with pytest.raises(ErreurPopulation):
        simule(_table(lignes, colonnes), "2025-06")


def test_cli_lists_every_error_and_exits_1(tmp_path):
    lignes = [LIGNES[0].replace(",0,true", ",abc,true"), LIGNES[1].replace("locataire_vide", "locataire"), *LIGNES[2:]]
    resultat = CliRunner().invoke(main, ["simule", str(_ecrit_csv(tmp_path, lignes)), "--period", "2025-06"])
    assert resultat.exit_code == 1
    assert "row 1, column salaire_net" in resultat.output
    assert "row 2, column statut_occupation_logement" in resultat.output
    assert "nothing was computed" in resultat.output


def test_skip_invalid_excludes_whole_households(tmp_path):
    """Row 3 (the spouse in m2) has a bad salary: the whole menage m2 (4 persons) is excluded."""
    lignes = [LIGNES[0], LIGNES[1], LIGNES[2].replace(",0,false", ",x,false"), *LIGNES[3:]]
    resultats = simule(_table(lignes), "2025-06", strict=False)
    assert resultats.exclus == 1
    assert sorted(resultats.familles["famille_id"]) == ["f1", "f3"]
    sortie = CliRunner().invoke(main, ["simule", str(_ecrit_csv(tmp_path, lignes)), "--period", "2025-06", "--skip-invalid", "--json"])
    assert sortie.exit_code == 0, sortie.output
    assert json.loads(sortie.output)["menages_exclus"] == 1


def test_output_is_written_whole(tmp_path):
    sortie = tmp_path / "resultats.parquet"
    resultat = CliRunner().invoke(main, ["simule", str(_ecrit_csv(tmp_path)), "--period", "2025-06", "-o", str(sortie)])
    assert resultat.exit_code == 0, resultat.output
    table = pd.read_parquet(sortie)
    assert len(table) == len(LIGNES) and {"rsa", "ppa", "css_droit", "iae_eligible_etti"} <= set(table.columns)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    absent = CliRunner().invoke(main, ["simule", str(_ecrit_csv(tmp_path)), "--period", "2025-06", "-o", str(tmp_path / "x" / "r.csv")])
    assert absent.exit_code == 1 and "does not exist" in absent.output


def test_schema_command_lists_ids_roles_and_variables():
    sortie = CliRunner().invoke(main, ["population", "schema"]).output
    for attendu in ("individu_id", "famille_role", "demandeur, conjoint, enfant", "NAME:YYYY-MM", "salaire_net"):
        assert attendu in sortie


def test_bool_and_enum_columns_are_converted_with_the_variable_dtype():
    resultats = simule(_table(), "2025-06", ["qpv", "rsa"])
    menages = resultats.menages.set_index("menage_id")
    assert bool(menages.loc["m1", "qpv"]) and not bool(menages.loc["m2", "qpv"])
    assert np.issubdtype(resultats.familles["rsa"].dtype, np.floating)


def test_shared_default_arrays_change_no_result(monkeypatch):
    """Input variables read for months the table does not give share one read-only default array per
    chunk (population/simulation.py); the synthetic population gives the same results as with
    openfisca-core's own default arrays, one per variable and period."""
    from openfisca_metropole.population import simulation as runner
    from openfisca_metropole.population.synthetique import genere

    table = genere("lyon", "2025-06", personnes=4000)
    sorties = ["rsa", "ppa", "css_droit", "af", "cf", "iae_eligible_etti"]
    partage = simule(table, "2025-06", sorties)
    monkeypatch.setattr(runner, "_partage_valeurs_par_defaut", lambda simulation: None)
    propre = simule(table, "2025-06", sorties)
    assert partage.familles["rsa"].sum() > 0 and partage.familles["af"].sum() > 0
    for nom in ("familles", "individus", "menages"):
        pd.testing.assert_frame_equal(getattr(partage, nom), getattr(propre, nom))
