"""Cross-check of the prime d'activité with openfisca-france on 1 000 generated families per month,
for nine months from 2016 to 2025: agreement within 1 € for at least 99 % of the families outside the
documented divergence classes (docs/divergences.md). Our engine under the reform
``ppa_parametres_mois_de_reference`` (openfisca-france's reading of which legislation applies) must
agree as well, which shows that the class ``parametres_mois_du_droit`` is that choice and nothing else."""

from pathlib import Path

import pytest

pytest.importorskip("openfisca_france")

from tests.differentiel.comparaison_ppa import MOIS, compare  # noqa: E402

NOMBRE = 1000  # the tables of docs/divergences.md were measured on 2 000 (python -m ... 2000)
DIVERGENCES = (Path(__file__).parents[2] / "docs" / "divergences.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("mois", MOIS)
def test_ppa_agrees_with_openfisca_france(mois, tbs):
    resultat = compare(mois, NOMBRE, tbs=tbs)
    print(f"{mois}: {resultat.accords}/{NOMBRE} agree ({resultat.accords_reforme} under the reform), {resultat.divergences}")
    for classe in resultat.divergences:
        assert f"`{classe}`" in DIVERGENCES, f"divergence class {classe} is not documented"
    assert resultat.taux_hors_divergences >= 0.99, resultat.ecarts[:10]
    autres_classes = sum(n for classe, n in resultat.divergences.items() if classe != "parametres_mois_du_droit")
    assert resultat.accords_reforme + autres_classes >= 0.99 * NOMBRE
