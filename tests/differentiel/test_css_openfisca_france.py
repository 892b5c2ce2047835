"""Cross-check of the CMU-C, the ACS and the complémentaire santé solidaire with openfisca-france on
1 000 generated families per month, for four claim months from 2017 to 2024 (ACS, CSS before and
after the 2022 shift of the reference period): ``cmu_c`` and ``acs`` or
``css_participation_forfaitaire`` agree (within 1 €) for at least 99 % of the families outside the
documented divergence classes (docs/divergences.md). The script
``python -m tests.differentiel.comparaison_css`` runs nine months."""

from pathlib import Path

import pytest

pytest.importorskip("openfisca_france")

from tests.differentiel.comparaison_css import compare  # noqa: E402

NOMBRE = 1000  # the tables of docs/divergences.md were measured on 2 000 (python -m ... 2000)
MOIS = ["2017-09", "2020-07", "2022-02", "2024-09"]
DIVERGENCES = (Path(__file__).parents[2] / "docs" / "divergences.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("mois", MOIS)
def test_css_agrees_with_openfisca_france(mois, tbs):
    resultat = compare(mois, NOMBRE, tbs=tbs)
    print(f"{mois}: {resultat.accords}/{NOMBRE} agree ({resultat.accords_reforme} with M-12..M-1), {resultat.divergences}")
    for classe in resultat.divergences:
        assert f"`{classe}`" in DIVERGENCES, f"divergence class {classe} is not documented"
    assert resultat.taux_hors_divergences >= 0.99, resultat.ecarts[:10]
    # The families that agree make up most of the sample, so that the check is not empty.
    assert resultat.accords >= 0.9 * NOMBRE
