"""Complément familial (L522-1 to L522-3, R522-2, D522-1 and D522-2 CSS), metropolitan France."""

from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Individu,
    Variable,
    article,
    date,
    np,
    set_input_divide_by_period,
)
from openfisca_metropole.prestations_familiales import pf, plafond_par_enfants

CF_MAJORE = date(2014, 4, 1)  # loi 2013-1203 and décret 2014-422: the increased CF


class cf_enfant_a_charge(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Enfant à charge pour le complément familial (moins de 21 ans)"
    reference = article("CSS", "R512-2")

    def formula(individu, period, parameters):
        """R512-2 CSS al. 2: for the complément familial a child stays dependent until 21, if their
        pay stays under the limit."""
        age = individu("age", period)
        return (
            individu("enfant_a_charge", period)
            * (age >= 0)
            * (age < pf(parameters, period).cf.age_limite)
            * np.logical_not(individu("autonomie_financiere", period))
        )


class cf_plafond(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Plafond annuel de ressources du complément familial"
    unit = "currency-EUR"
    reference = article("CSS", "R522-2")

    def formula(famille, period, parameters):
        """R522-2 CSS: the base ceiling raised by 25 % for each of the first two dependent children and
        30 % for each further one, plus a fixed amount for a dual-earner couple or a parent alone."""
        plafond = pf(parameters, period).cf.plafond
        nb = famille.sum(famille.members("cf_enfant_a_charge", period), role=Famille.ENFANT)
        majore = (famille("nb_parents", period) == 1) + famille("biactivite", period)
        return (
            plafond_par_enfants(plafond.base, nb, plafond.majoration_deux_premiers_enfants, plafond.majoration_enfant_supplementaire)
            + (majore > 0) * plafond.majoration_biactifs_isoles
        )


class cf_eligibilite(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "Famille d'au moins trois enfants à charge de 3 ans ou plus (complément familial)"
    reference = article("CSS", "L522-1")

    def formula(famille, period, parameters):
        """L522-1 CSS: at least three dependent children aged 3 or more."""
        cf = pf(parameters, period).cf
        age = famille.members("age", period)
        enfants = famille.members("cf_enfant_a_charge", period) * (age >= cf.age_minimum)
        return famille.sum(enfants, role=Famille.ENFANT) >= cf.nb_enfants_minimum


class cf_non_majore(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Complément familial au taux de base (ou différentiel), avant non-cumul"
    unit = "currency-EUR"
    reference = [*article("CSS", "L522-2"), *article("CSS", "D522-1")]

    def formula(famille, period, parameters):
        """D522-1 CSS: 41.65 % of the BMAF up to the ceiling; just above, a differential amount: the
        ceiling plus twelve months of CF less the resources, over twelve (L522-2 CSS)."""
        montant = pf(parameters, period).bmaf * pf(parameters, period).cf.taux
        ressources = famille("prestations_familiales_base_ressources", period)
        plafond = famille("cf_plafond", period)
        differentiel = np.maximum(0, (plafond + 12 * montant - ressources) / 12)
        return famille("cf_eligibilite", period) * np.where(ressources <= plafond, montant, differentiel)


class cf_majore(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Complément familial majoré, avant non-cumul"
    unit = "currency-EUR"
    reference = [*article("CSS", "L522-3"), *article("CSS", "D522-2")]

    def formula_2014_04_01(famille, period, parameters):
        """L522-3 and D522-2 CSS: a higher rate when the resources do not exceed half the ceiling."""
        cf = pf(parameters, period).cf
        ressources = famille("prestations_familiales_base_ressources", period)
        sous_plafond = ressources <= cf.plafond.part_plafond_majore * famille("cf_plafond", period)
        return famille("cf_eligibilite", period) * sous_plafond * pf(parameters, period).bmaf * cf.taux_majore


class cf(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Complément familial (montant brut)"
    unit = "currency-EUR"
    reference = [*article("CSS", "L522-1"), *article("CSS", "L531-3")]
    documentation = """Calculé quand il n'est pas saisi ; un montant saisi remplace le calcul."""

    def formula(famille, period):
        """The better of the base (or differential) and the increased amounts, not paid with the
        basic allowance of the PAJE (non-cumul, L531-3 and L532-1 CSS).

        When no famille computed has three children of 3 or more (a single household asking the web
        API, say), there is no CF to pay and its resource test is not run."""
        if not famille("cf_eligibilite", period).any():
            return famille.empty_array()
        montant = np.maximum(famille("cf_non_majore", period), famille("cf_majore", period))
        return np.round(montant, 2) * (famille("paje_base", period) <= 0)
