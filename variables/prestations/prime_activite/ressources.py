"""Resources of the prime d'activité household, month by month (CSS L842-4, R843-1, R844-1 to R844-5).

Unlike the RSA, resources are not averaged: an intermediate prime is computed for each reference
month with that month's resources (R843-1), and the amount due is the average of these primes
(see ``montant.py``). The variables below are the resources of the month they are computed for.
"""

from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Individu,
    Variable,
    article,
)
from openfisca_metropole.regles_communes import (
    REVENUS_ACTIVITE,
    indemnites_journalieres_temporaires,
    membres_du_foyer,
)

# Replacement and other income counted in the month received (L842-4 CSS).
AUTRES_REVENUS = (
    "chomage_net",
    "retraite_nette",
    "pensions_invalidite",
    "pensions_alimentaires_percues",
    "prestation_compensatoire",
    "ass",
    "asi",
)
# Taxable capital and rental income, counted for one twelfth of the year before last (R843-1).
REVENUS_PATRIMOINE = ("revenus_capital", "revenus_locatifs")
# Family benefits counted (R844-4 and R844-5 CSS); the ASF counts within its forfait.
PRESTATIONS_FAMILIALES = ("rsa_af_retenues", "rsa_forfait_cf", "paje_base", "aspa", "rsa_forfait_asf")


class ppa_revenu_activite_individu(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Revenus professionnels du mois retenus pour la prime d'activité (hors AAH)"
    unit = "currency-EUR"
    reference = [*article("CSS", "L842-4"), *article("CSS", "R844-1")]

    def formula(individu, period):
        """L842-4 1° and R844-1 CSS: salaries and assimilated income of the month, maternity,
        paternity and adoption allowances, and sickness or work-accident allowances during the
        first 3 months of the leave; self-employed profits for one twelfth of the last annual profit
        known (``ppa_rsa_derniers_revenus_tns_annuels_connus``). The AAH, counted as earned income
        above a threshold (L842-8), is added where the prime is computed."""
        revenus = sum(individu(nom, period) for nom in REVENUS_ACTIVITE)
        non_salaries = individu("ppa_rsa_derniers_revenus_tns_annuels_connus", period.this_year)
        return revenus + indemnites_journalieres_temporaires(individu, [period], en_activite=True) + non_salaries


class ppa_revenus_patrimoine(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Revenus du patrimoine retenus pour la prime d'activité (douzième de l'année N-2)"
    unit = "currency-EUR"
    reference = [*article("CSS", "L842-4"), *article("CSS", "R843-1")]

    def formula(individu, period):
        """R843-1 CSS: taxable capital and rental income count for one twelfth of their amount of
        the year before last (N-2) of the month considered."""
        annee = period.this_year.offset(-2, "year")
        return sum(individu(nom, mois) for nom in REVENUS_PATRIMOINE for mois in annee.get_subperiods(MONTH)) / 12


class ppa_ressources_hors_activite_individu(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Ressources du mois hors revenus professionnels retenues pour la prime d'activité (hors AAH)"
    unit = "currency-EUR"
    reference = [*article("CSS", "L842-4"), *article("CSS", "R843-1")]

    def formula(individu, period):
        """L842-4 CSS: the other resources received in the month: unemployment benefit, pensions,
        alimony, compensatory allowance, ASS, ASI, sickness allowances beyond the first months of
        the leave; and capital income of the year before last (R843-1). The AAH, when it is not
        counted as earned income, is added where the prime is computed."""
        autres = sum(individu(nom, period) for nom in AUTRES_REVENUS)
        ij = indemnites_journalieres_temporaires(individu, [period], en_activite=False)
        return autres + ij + individu("ppa_revenus_patrimoine", period)


class ppa_prestations_familiales(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Prestations familiales et ASPA du mois retenues pour la prime d'activité"
    unit = "currency-EUR"
    reference = [*article("CSS", "R844-4"), *article("CSS", "R844-5")]

    def formula(famille, period):
        """R844-4 and R844-5 CSS: the family allowances (without their age supplements and flat-rate
        allowance), the complément familial (within its forfait), the PAJE basic allowance and the
        ASPA of the month count; the ASF counts within its forfait of 22.5 % of the BMAF per child
        (the RSA rules, ``rsa_af_retenues``, ``rsa_forfait_cf``, ``rsa_forfait_asf``); housing aid
        counts only through the forfait logement."""
        return sum(famille(nom, period) for nom in PRESTATIONS_FAMILIALES)


class ppa_ressources_hors_activite(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Ressources du foyer hors revenus professionnels pour la prime d'activité (hors AAH), du mois"
    unit = "currency-EUR"
    reference = article("CSS", "L842-4")

    def formula(famille, period):
        """L842-4 CSS: the other resources of the parents and dependent children, and the family
        benefits."""
        autres = famille.members("ppa_ressources_hors_activite_individu", period)
        return famille.sum(autres * membres_du_foyer(famille, period)) + famille(
            "ppa_prestations_familiales", period
        )
