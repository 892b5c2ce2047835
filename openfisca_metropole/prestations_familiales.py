"""Helpers shared by the family-benefit variables (AF, ASF, CF, PAJE); they hold no Variable.

The resources family benefits are means-tested on are the household's net taxable income of the
calendar year N-2 (R532-3 CSS). When a situation does not give that amount, it is worked out from the
resources declared month by month (see ``prestations_familiales_base_ressources``).
"""

from __future__ import annotations

import numpy as np
from openfisca_core import periods
from openfisca_core.populations import ADD

from openfisca_metropole.entities import Famille
from openfisca_metropole.regles_communes import tous_du_groupe

# Income taxed after the 10 % deduction for professional expenses or pensions (CGI art. 83 and 158).
REVENUS_ABATTUS = (
    "salaire_net",
    "indemnites_chomage_partiel",
    "chomage_net",
    "retraite_nette",
    "pensions_invalidite",
    "indemnites_journalieres_maladie",
)
ABATTEMENT_FORFAITAIRE = 0.10
# Earned income that makes a partner count as an earner (dual-earner couples, R522-2 and R531-1 CSS).
REVENUS_PROFESSIONNELS = ("salaire_net", "rpns_auto_entrepreneur_benefice")


def pf(parameters, instant):
    """The family-benefit parameters at ``instant`` (a period or an instant)."""
    return parameters(instant).prestations.prestations_familiales


def naissance_estimee(individu, period) -> np.ndarray:
    """Each person's date of birth (datetime64[D]): the declared date when the situation gives dates
    of birth, otherwise the first day of the month the known age in months points to.

    Birth cohorts decide some rules (the PAJE amount, the age supplement of the AF); a situation that
    gives only ``age`` still gets a cohort, exact to the month."""
    if individu.get_holder("date_naissance").get_known_periods():
        return individu("date_naissance", period).astype("datetime64[D]")
    mois = np.datetime64(period.start.date, "M") - individu("age_en_mois", period).astype("timedelta64[M]")
    return mois.astype("datetime64[D]")


def annee_n_2(period):
    """The calendar year N-2 of the month ``period``."""
    return periods.period(str(period.start.year - 2))


def trois_derniers_mois(period):
    """The three months before ``period``."""
    return mois_precedents(period, 3)


def mois_precedents(period, nombre):
    """The ``nombre`` months before the month ``period``, as one period."""
    return periods.Period(("month", period.offset(-nombre).start, nombre))


def membres_comptes(famille, period):
    """Per person: 1 for the parents and the children who count for family benefits, else 0."""
    parent = famille.members.has_role(Famille.PARENT)
    enfant = famille.members("prestations_familiales_enfant_a_charge", period)
    return parent + enfant * np.logical_not(parent)


def revenu_imposable(famille, periode):
    """Per person, the taxable income of ``periode`` (a year or a run of months) as the CAF counts
    it, summed from the monthly amounts (``prestations_familiales_revenu_imposable_individu``)."""
    return famille.members("prestations_familiales_revenu_imposable_individu", periode, options=[ADD])


def deux_revenus(famille, period, seuil):
    """Couples where each partner's professional income of N-2 (or, without N-2 income declared, of
    the last three months times 4) reaches ``seuil``."""
    nom = "prestations_familiales_revenu_professionnel_individu"
    n_2 = famille.members(nom, annee_n_2(period), options=[ADD])
    recents = 4 * famille.members(nom, trois_derniers_mois(period), options=[ADD])
    revenu = np.where(famille.project(famille("prestations_familiales_n_2_declaree", period)), n_2, recents)
    en_couple = famille("nb_parents", period) == 2
    return en_couple * tous_du_groupe(famille, revenu >= seuil, role=Famille.PARENT)


def plafond_par_enfants(base, nb_enfants, deux_premiers, suivants):
    """A ceiling raised by ``deux_premiers`` × base for each of the first two children and by
    ``suivants`` × base for each further child (R522-2 and R531-1 CSS)."""
    return base * (1 + deux_premiers * np.minimum(nb_enfants, 2) + suivants * np.maximum(nb_enfants - 2, 0))
