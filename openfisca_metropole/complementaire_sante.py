"""Rules of the CMU-C, the ACS and the complémentaire santé solidaire used by several variables.

The claim is examined in the month it is filed (the period of every famille variable below): the
household of that month, the ceilings in force that month, and the resources of the twelve calendar
months of the reference period (CSS R861-8), which ends one month before the claim until 2021 and
two months before it since 2022-01-01 (décret 2021-1642).
"""

from __future__ import annotations

import numpy as np
from openfisca_core import periods

from openfisca_metropole.regles_communes import INDEMNITES_JOURNALIERES_TEMPORAIRES, mois_reference

# Resources of each member counted as received over the reference period (L861-2, R861-4, R861-8).
RESSOURCES_INDIVIDUELLES = (
    "salaire_net",
    "remuneration_apprenti",
    "indemnites_stage",
    "indemnites_chomage_partiel",
    "rpns_auto_entrepreneur_benefice",
    "indemnites_journalieres_maternite",
    "indemnites_journalieres_paternite",
    "indemnites_journalieres_adoption",
    *INDEMNITES_JOURNALIERES_TEMPORAIRES,
    "chomage_net",
    "retraite_nette",
    "pensions_invalidite",
    "pensions_alimentaires_percues",
    "prestation_compensatoire",
    "ass",
    "revenus_capital",
    "revenus_locatifs",
)
# Minimum incomes counted after an abattement (L861-2): the input and the variable counted.
ALLOCATIONS_APRES_ABATTEMENT = {"aah": "css_aah_retenue", "asi": "css_asi_retenue"}
# Benefits paid to the famille that count (R861-10 excludes the PAJE but the PreParE, the
# back-to-school allowance and the AEEH); the ASPA after its abattement.
PRESTATIONS_FAMILIALES = ("af", "cf", "asf")
ASPA_APRES_ABATTEMENT = {"aspa": "css_aspa_retenue"}
# Earnings reduced by 30 % for a person now without them (R861-8).
REMUNERATIONS_ACTIVITE = ("salaire_net", "remuneration_apprenti")
# Replacement income that, at the claim, shows a person without work (R861-8): unemployment
# benefit, ASS, daily allowances.
REVENUS_DE_SUBSTITUTION = ("chomage_net", "indemnites_chomage_partiel", "ass", *INDEMNITES_JOURNALIERES_TEMPORAIRES)
# A salaried or self-employed activity in the months before the claim (R861-11).
REVENUS_D_ACTIVITE_PRESOMPTION = (
    "salaire_net",
    "remuneration_apprenti",
    "indemnites_stage",
    "indemnites_chomage_partiel",
    "rpns_auto_entrepreneur_benefice",
)


def periode_reference(period, parameters):
    """The twelve months of resources examined for a claim filed in the month ``period``."""
    mois = mois_reference(period, parameters(period).prestations.complementaire_sante.ressources.mois_reference)
    return periods.Period(("month", mois[0].start, len(mois)))


def arrondi_euro(montant):
    """Round to the nearest euro, an exact half going up (0.5 → 1)."""
    return np.floor(np.asarray(montant) + 0.5)


def age_au_premier_janvier(individu, period):
    """Age in completed years on 1 January of the year of ``period``."""
    return individu("age", period.this_year.first_month)
