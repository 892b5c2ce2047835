"""Take-up (population/recours.py): the three modes, the rates of parameters/non_recours, the draw that
is the same for a famille in every run, and the CSS granted with the RSA that follows its claim."""

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from openfisca_metropole.cli import main
from openfisca_metropole.population.recours import applique, taux_non_recours, tirages

TAUX_2025 = {
    # parameters/non_recours, values in force in June 2025 (DREES 2018 and 2021, evaluation of 2016)
    "rsa": {"ensemble": 0.34, "famille monoparentale": 0.16, "couple sans enfant": 0.49},
    "ppa": 0.27,
    "css_gratuite": 0.31,
    "css_participation": 0.67,
}


def _familles():
    return pd.DataFrame(
        {
            "famille_id": ["a", "b", "c", "d"],
            "type_menage": ["personne seule", "famille monoparentale", "couple sans enfant", "couple avec enfants"],
            "rsa": [500.0, 400.0, 0.0, 300.0],
            "ppa": [0.0, 100.0, 200.0, 0.0],
            "css_droit": ["gratuite", "gratuite", "avec_participation", "aucun"],
            "css_attribution_automatique": [True, True, False, False],
        }
    )


def test_rates_are_read_from_the_parameters(tbs):
    assert taux_non_recours(tbs, "2025-06") == TAUX_2025
    # Before the first measure, the first known value stands (the CSS with contribution: 72 % in 2020).
    assert taux_non_recours(tbs, "2017-06")["css_participation"] == 0.72


def test_expected_mode_weights_each_entitlement_by_its_take_up_probability():
    """a: single, 500 × (1 − 0.34) = 330; b: lone parent, 400 × (1 − 0.16) = 336 and PPA 100 × 0.73 = 73;
    c: childless couple, PPA 200 × 0.73 = 146, CSS with contribution 1 − 0.67 = 0.33; d: couple with
    children, RSA 300 × 0.66 = 198, no CSS. The CSS granted with the RSA (a, b) comes with the RSA
    claimed, or is claimed on its own (0.69): a 1 − 0.31 × 0.34 = 0.8946, b 1 − 0.31 × 0.16 = 0.9504."""
    f = applique(_familles(), "expected", TAUX_2025)
    np.testing.assert_allclose(f["rsa_percu"], [330, 336, 0, 198])
    np.testing.assert_allclose(f["rsa_recours"], [0.66, 0.84, 0, 0.66])
    np.testing.assert_allclose(f["ppa_percu"], [0, 73, 146, 0])
    np.testing.assert_allclose(f["css_recours"], [0.8946, 0.9504, 0.33, 0])


def test_entitlement_mode_claims_everything():
    f = applique(_familles(), "entitlement", TAUX_2025)
    np.testing.assert_allclose(f["rsa_percu"], f["rsa"])
    np.testing.assert_allclose(f["css_recours"], [1, 1, 1, 0])


def test_draw_depends_on_the_seed_and_the_famille_only():
    identifiants = [f"f{i}" for i in range(1000)]
    u = tirages(identifiants, 2025, "rsa")
    assert np.all((u >= 0) & (u < 1))
    # Same famille, same number, whatever the other familles of the run or their order.
    np.testing.assert_array_equal(tirages(identifiants[::-1], 2025, "rsa"), u[::-1])
    np.testing.assert_array_equal(tirages(identifiants[500:], 2025, "rsa"), u[500:])
    assert not np.array_equal(tirages(identifiants, 2026, "rsa"), u)
    assert not np.array_equal(tirages(identifiants, 2025, "ppa"), u)


def test_draw_claims_at_the_expected_rate():
    """200 000 single persons entitled to the RSA: about 66 % claim (binomial standard error 0.1 %)."""
    n = 200_000
    familles = pd.DataFrame(
        {
            "famille_id": [f"f{i}" for i in range(n)],
            "type_menage": "personne seule",
            "rsa": 500.0,
            "ppa": 0.0,
            "css_droit": "gratuite",
            "css_attribution_automatique": True,
        }
    )
    f = applique(familles, "draw", TAUX_2025)
    assert f["rsa_recours"].mean() == pytest.approx(0.66, abs=0.005)
    assert set(np.unique(f["rsa_recours"])) == {0.0, 1.0}
    # Every RSA claimant has the CSS granted with it; about 69 % of the others claim it on their own:
    # 0.66 + 0.34 × 0.69 = 0.8946 in all.
    assert np.all(f["css_recours"][f["rsa_recours"] == 1] == 1)
    assert f["css_recours"].mean() == pytest.approx(0.8946, abs=0.005)


def test_draw_is_identical_between_two_runs_of_changed_entitlements():
    """A reform that raises b's RSA and opens c's keeps the draws: a and d claim as before."""
    avant = applique(_familles(), "draw", TAUX_2025)
    familles = _familles()
    familles.loc[1, "rsa"] = 450.0
    familles.loc[2, "rsa"] = 100.0
    apres = applique(familles, "draw", TAUX_2025)
    np.testing.assert_array_equal(avant["rsa_recours"][[0, 3]], apres["rsa_recours"][[0, 3]])
    assert avant["rsa_recours"][1] == apres["rsa_recours"][1]


def test_cli_reports_entitled_and_claimed_side_by_side():
    resultat = CliRunner().invoke(main, ["simule", "--period", "2025-06", "--personnes", "3000", "--recours", "expected", "--json"])
    assert resultat.exit_code == 0, resultat.output
    import json

    total = json.loads(resultat.output)["tables"]["total"][0]
    assert 0 < total["RSA €/mois perçus"] < total["RSA €/mois"]
    assert 0 < total["CSS foyers percevant"] < total["CSS foyers"]


def test_unknown_mode_and_stray_seed_are_refused():
    runner = CliRunner()
    resultat = runner.invoke(main, ["simule", "--period", "2025-06", "--personnes", "500", "--graine-recours", "3"])
    assert resultat.exit_code == 2 and "--graine-recours only applies with --recours" in resultat.output
    with pytest.raises(ValueError, match="unknown take-up mode 'tout'"):
        applique(_familles(), "tout", TAUX_2025)
