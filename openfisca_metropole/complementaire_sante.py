"""Rules of the CMU-C, the ACS and the complémentaire santé solidaire used by several variables.

The claim is examined in the month it is filed (the period of every famille variable below): the
household of that month, the ceilings in force that month, and the resources of the twelve calendar
months of the reference period (CSS R861-8), which ends one month before the claim until 2021 and
two months before it since 2022-01-01 (décret 2021-1642).
"""

from __future__ import annotations

import numpy as np
from openfisca_core import periods


def periode_reference(period, parameters):
    """The twelve months of resources examined for a claim filed in the month ``period``."""
    regle = parameters(period).prestations.complementaire_sante.ressources.mois_reference
    nombre = int(regle.nombre)
    debut = period.first_month.offset(-(int(regle.decalage) + nombre - 1), "month")
    return periods.Period(("month", debut.start, nombre))


def arrondi_euro(montant):
    """Round to the nearest euro, an exact half going up (0.5 → 1)."""
    return np.floor(np.asarray(montant) + 0.5)


def age_au_premier_janvier(individu, period):
    """Age in completed years on 1 January of the year of ``period``."""
    return individu("age", period.this_year.first_month)
