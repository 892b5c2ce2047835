"""Budget constraint of the RSA and the prime d'activité together (property tests).

For a single person and for a single parent with two children, earning a steady monthly salary E,
the household's income E + RSA + prime d'activité when E rises by 10 €:
- before the payment thresholds (``rsa_montant`` + ``ppa_montant``) it never falls, except in one
  band the law creates: since September 2016 the RSA montant forfaitaire (raised by the 2 % "plan
  pauvreté" revaluations) exceeds the prime's, so for earnings between the prime's montant
  forfaitaire and the RSA's (times the composition coefficient) the RSA falls by 1 € per euro earned
  while the prime, past its own montant forfaitaire, falls by 1 − pente: income then falls by at most
  (1 − pente) × 10 € (less where the bonus rises). The prime does not count the RSA among its
  resources (L842-4 CSS, as openfisca-france reads it); if it did, this band would not exist;
- as paid (``rsa`` + ``ppa``) it can fall by more only where a benefit drops below its payment
  threshold (6 € for the RSA, R262-39 CASF; 15 € for the prime, D846-2 CSS): by less than 21 € more.
"""

from hypothesis import given, settings
from hypothesis import strategies as st
from openfisca_core import periods
from openfisca_core.simulations import SimulationBuilder

MOIS = ["2016-06", "2018-06", "2019-06", "2022-10", "2024-06", "2025-10", "2026-05"]
PAS = 10.0
SEUILS = 6.0 + 15.0
PENTE_MINIMALE = 0.5985  # the lowest pente of the prime (D843-3, since April 2025)


def _situation(salaires: list[float], mois: str, enfants: int, isolement: bool) -> dict:
    """One famille per salary: a parent earning that salary every month read, with ``enfants``
    children aged 5 and 8."""
    periode = periods.period(mois)
    lus = [str(periode.offset(-k, "month")) for k in range(6, -1, -1)]
    situation = {"individus": {}, "familles": {}, "menages": {}, "foyers_fiscaux": {}}
    for n, salaire in enumerate(salaires):
        parent = f"parent{n}"
        situation["individus"][parent] = {
            "date_naissance": {"ETERNITY": "1985-03-01"},
            "salaire_net": {m: salaire for m in lus},
        }
        noms = [f"enfant{n}_{k}" for k in range(enfants)]
        for k, nom in enumerate(noms):
            situation["individus"][nom] = {"date_naissance": {"ETERNITY": f"{periode.start.year - 5 - 3 * k}-01-15"}}
        situation["familles"][f"f{n}"] = {
            "parents": [parent],
            "enfants": noms,
            "rsa_isolement_recent": {m: isolement for m in lus},
            "aide_logement": {m: 0 for m in lus},
            # No family benefit: the band of the docstring is stated for earnings as the only resource.
            **{nom: {m: 0 for m in lus} for nom in ("af", "asf", "cf", "paje_base")},
        }
        situation["menages"][f"m{n}"] = {
            "personne_de_reference": [parent],
            "enfants": noms,
            "statut_occupation_logement": {mois: "locataire_vide"},
        }
        situation["foyers_fiscaux"][f"ff{n}"] = {"declarants": [parent], "personnes_a_charge": noms}
    return situation


def _revenus(tbs, salaires, mois, enfants, isolement):
    simulation = SimulationBuilder().build_from_entities(tbs, _situation(salaires, mois, enfants, isolement))
    avant_seuils = simulation.calculate("rsa_montant", mois) + simulation.calculate("ppa_montant", mois)
    verses = simulation.calculate("rsa", mois) + simulation.calculate("ppa", mois)
    # the band where both benefits taper: RSA still due and earnings above the prime's montant forfaitaire
    double_degressivite = (simulation.calculate("rsa_montant", mois) > 0) * (
        simulation.calculate("ppa_montant_forfaitaire", mois) < max(salaires)
    )
    return avant_seuils, verses, double_degressivite


@settings(max_examples=150, deadline=None)
@given(
    salaire=st.floats(min_value=0, max_value=3000, allow_nan=False),
    mois=st.sampled_from(MOIS),
    enfants=st.sampled_from([0, 2]),
    isolement=st.booleans(),
)
def test_income_never_falls_when_earnings_rise(tbs, salaire, mois, enfants, isolement):
    salaire = round(salaire, 2)
    salaires = [salaire, salaire + PAS]
    avant_seuils, verses, bande = _revenus(tbs, salaires, mois, enfants, isolement and enfants > 0)
    total_avant = [s + float(b) for s, b in zip(salaires, avant_seuils)]
    total_verse = [s + float(b) for s, b in zip(salaires, verses)]
    perte_permise = (1 - PENTE_MINIMALE) * PAS if bande[0] else 0.0
    assert total_avant[1] >= total_avant[0] - perte_permise - 0.01, (salaires, mois, enfants, total_avant)
    assert total_verse[1] > total_verse[0] - perte_permise - SEUILS, (salaires, mois, enfants, total_verse)


def test_the_prime_is_paid_and_moves_with_earnings(tbs):
    """The check is not vacuous: for a single person the prime really is paid and moves with E."""
    avant_seuils, _, _ = _revenus(tbs, [800.0, 1200.0], "2024-06", 0, False)
    assert 0 < float(avant_seuils[1]) != float(avant_seuils[0])


def test_the_double_taper_band_exists(tbs):
    """Single person, June 2024: RSA montant forfaitaire 635.71, prime 622.63 (parameters). At
    625 € the RSA is 10.71 and the prime 622.63 + 0.61 × 625 − 625 = 378.88 (no bonus below
    59 × 11.65 = 687.35): income 1 014.59; at 635 €, RSA 0.71 and prime 374.98: income 1 010.69, so
    3.90 € less for 10 € more earned. This is the law as encoded, not an error of the engine."""
    avant_seuils, _, bande = _revenus(tbs, [625.0, 635.0], "2024-06", 0, False)
    assert bande[0] and bande[1]
    assert abs((625 + float(avant_seuils[0])) - 1014.59) < 0.02
    assert abs((635 + float(avant_seuils[1])) - 1010.69) < 0.02
