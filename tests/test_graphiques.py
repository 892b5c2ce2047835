"""Charts: the budget constraint of a couple with two children computed point by point, drawn with the
values computed, written as PNG and SVG."""

import struct

import numpy as np
import pytest
from click.testing import CliRunner

from openfisca_metropole.cli import main
from openfisca_metropole.graphiques import COMPOSANTES, contrainte_budgetaire, enregistre, trace_budget


@pytest.fixture(scope="module")
def courbe(tbs):
    return contrainte_budgetaire("couple_2_enfants", "2025-06", ["revalorisation"], tbs=tbs)


def test_couple_with_two_children_rsa_fades_out_and_the_prime_rises_then_fades(courbe):
    """Without earnings: RSA 646.52 × 2.1 = 1 357.692 less the AF of the reference months February to
    April 2025 (0.32 × 466.44 twice, 0.32 × 474.37 once: mean 150.1067) = 1 207.585; no prime."""
    assert courbe["rsa"].iloc[0] == pytest.approx(1357.692 - 150.1067, abs=0.01)
    assert courbe["ppa"].iloc[0] == 0
    rsa, ppa, smic = courbe["rsa"].to_numpy(), courbe["ppa"].to_numpy(), courbe["smic"].to_numpy()
    assert np.all(np.diff(rsa) <= 1e-6) and rsa[smic >= 1].max() == 0
    sommet = int(np.argmax(ppa))
    assert 0 < smic[sommet] < 2 and ppa[-1] < ppa[sommet] / 4
    assert np.all(np.diff(ppa[: sommet + 1]) >= -1) and ppa[-1] == 0
    np.testing.assert_allclose(courbe["revenu_disponible"], courbe[list(COMPOSANTES)].sum(axis=1))
    # the 5 % revaluation raises disposable income wherever RSA or prime is paid
    paye = (rsa + ppa) > 0
    assert np.all(courbe["revenu_disponible_reforme"].to_numpy()[paye] > courbe["revenu_disponible"].to_numpy()[paye])


def test_the_chart_plots_the_computed_values_and_is_written(courbe, tmp_path):
    figure = trace_budget(courbe)
    axe = figure.axes[0]
    lignes = {l.get_label(): l for l in axe.get_lines()}
    np.testing.assert_allclose(lignes["Revenu disponible"].get_ydata(), courbe["revenu_disponible"])
    np.testing.assert_allclose(lignes["Revenu disponible, réforme revalorisation"].get_ydata(), courbe["revenu_disponible_reforme"])
    # the top of the stack is the disposable income
    haut = axe.collections[len(COMPOSANTES) - 1].get_paths()[0].vertices[:, 1].max()
    assert haut == pytest.approx(courbe["revenu_disponible"].max())
    assert "Contrainte budgétaire : couple 2 enfants, 2025-06" == axe.get_title()
    png, svg = enregistre(figure, tmp_path / "budget")
    largeur, hauteur = struct.unpack(">II", png.read_bytes()[16:24])
    assert (largeur, hauteur) == (1000, 600)
    assert "Source : openfisca-metropole" in svg.read_text(encoding="utf-8")


def test_cli_writes_the_charts_and_refuses_an_unknown_composition(tmp_path):
    runner = CliRunner()
    resultat = runner.invoke(main, ["graphique", "budget", "--period", "2025-06", "-c", "personne_seule", "-o", str(tmp_path / "b")])
    assert resultat.exit_code == 0, resultat.output
    assert (tmp_path / "b.png").stat().st_size > 10_000 and (tmp_path / "b.svg").exists()
    resultat = runner.invoke(main, ["graphique", "budget", "--period", "2025-06", "-c", "trois_couples"])
    assert resultat.exit_code == 1 and "unknown composition 'trois_couples'" in resultat.output
    resultat = runner.invoke(
        main, ["graphique", "comparaison", "--reform", "rsa_jeunes", "--period", "2025-06", "--personnes", "3000", "-o", str(tmp_path / "c")]
    )
    assert resultat.exit_code == 0, resultat.output
    assert (tmp_path / "c.png").exists() and (tmp_path / "c.svg").exists()
