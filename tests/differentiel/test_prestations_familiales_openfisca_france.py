"""Cross-check of the family benefits computed by both engines (AF, ASF, CF, PAJE basic allowance)
on 300 generated families per month, for six months from 2012 to 2026: agreement within 1 € for at
least 99 % of the families outside the documented divergence classes (docs/divergences.md)."""

from pathlib import Path

import pytest

pytest.importorskip("openfisca_france")

from tests.differentiel.comparaison_pf import MOIS, compare  # noqa: E402

NOMBRE = 300
DIVERGENCES = (Path(__file__).parents[2] / "docs" / "divergences.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("mois", MOIS)
def test_family_benefits_agree_with_openfisca_france(mois, tbs):
    resultats = compare(mois, NOMBRE, tbs=tbs)
    for nom in ("af", "asf", "cf", "paje_base"):
        resultat = resultats[nom]
        print(f"{mois} {nom}: {resultat.accords}/{NOMBRE} agree, documented divergences {resultat.divergences}")
        for classe in resultat.divergences:
            assert f"`{classe}`" in DIVERGENCES, f"divergence class {classe} is not documented"
        assert resultat.taux_hors_divergences >= 0.99, (nom, resultat.ecarts[:10])
