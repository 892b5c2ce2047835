"""Allocations familiales (L521-1 to L521-3, R521-1 to R521-3, D521-1 to D521-3 CSS), metropolitan
France: from the second dependent child, with the age supplement, the flat-rate allowance at 20, and
since July 2015 the modulation by resources with its tapering supplement."""

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
from openfisca_metropole.prestations_familiales import naissance_estimee, pf
from openfisca_metropole.regles_communes import maximum_du_groupe

# Transitional rules of the age supplement, by date of birth.
NES_AVANT_MAI_1997 = np.datetime64("1997-05-01")  # décret 2008-409: 11 before 1 May 2008, old regime
NES_AVANT_MARS_2012 = np.datetime64("2012-03-01")  # décret 2026-138: 14 before 1 March 2026, age 14 kept
AGE_MAJORATION_AVANT_2026 = 14
AGE_ANCIEN_REGIME_PREMIERE_MAJORATION = 11
AGE_ANCIEN_REGIME_SECONDE_MAJORATION = 16
FIN_PREMIERE_MAJORATION_ANCIEN_REGIME = date(2013, 5, 1)  # the last of them turn 16
FIN_ANCIEN_REGIME = date(2017, 5, 1)  # the last children born before May 1997 turn 20
DEBUT_MODULATION = date(2015, 7, 1)  # loi 2014-1554, décret 2015-611


def _plafonds(parameters, period, nb_enfants):
    """The two ceilings of the modulation (D521-3 CSS), raised for each dependent child."""
    modulation = pf(parameters, period).af.modulation
    majoration = nb_enfants * modulation.majoration_par_enfant
    return modulation.plafond_tranche_1 + majoration, modulation.plafond_tranche_2 + majoration


def _taux_modulation(famille, period, parameters, nb_enfants):
    modulation = pf(parameters, period).af.modulation
    ressources = famille("prestations_familiales_base_ressources", period)
    plafond_1, plafond_2 = _plafonds(parameters, period, nb_enfants)
    return np.select(
        [ressources <= plafond_1, ressources <= plafond_2],
        [1.0, modulation.coefficient_tranche_2],
        modulation.coefficient_tranche_3,
    )


def _depassement_mensuel(famille, period, parameters):
    """A twelfth of the resources above the ceiling just crossed (D521-3 CSS), 0 below the first."""
    ressources = famille("prestations_familiales_base_ressources", period)
    plafond_1, plafond_2 = _plafonds(parameters, period, famille("af_nb_enfants", period))
    return np.select([ressources > plafond_2, ressources > plafond_1], [ressources - plafond_2, ressources - plafond_1], 0) / 12


class af_taux_modulation(Variable):
    value_type = float
    default_value = 1
    entity = Famille
    definition_period = MONTH
    label = "Coefficient de modulation des allocations familiales selon les ressources"
    reference = [*article("CSS", "L521-1"), *article("CSS", "D521-1"), *article("CSS", "D521-3")]

    def formula_2015_07_01(famille, period, parameters):
        """D521-1 and D521-3 CSS: full rates up to the first ceiling, halved up to the second,
        quartered above; the ceilings are raised for each dependent child."""
        return _taux_modulation(famille, period, parameters, famille("af_nb_enfants", period))


class af_coefficient_garde_alternee(Variable):
    value_type = float
    default_value = 1
    entity = Famille
    definition_period = MONTH
    label = "Part des allocations familiales due compte tenu des enfants en résidence alternée"
    reference = article("CSS", "R521-3")

    def formula(famille, period, parameters):
        """R521-3 CSS: half the share of an alternating-residence child is due to each parent
        (applied, as openfisca-france does, pro rata of the children concerned)."""
        enfants = famille.members("prestations_familiales_enfant_a_charge", period)
        alternes = famille.sum(enfants * famille.members("garde_alternee", period), role=Famille.ENFANT)
        nb = famille("af_nb_enfants", period)
        part = pf(parameters, period).af.coefficient_garde_alternee
        return 1 - (1 - part) * alternes / np.maximum(nb, 1)


class af_base(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocations familiales : montant de base (hors majorations pour âge et forfait)"
    unit = "currency-EUR"
    reference = [*article("CSS", "L521-1"), *article("CSS", "D521-1")]

    def formula(famille, period, parameters):
        """D521-1 CSS: 32 % of the BMAF for two dependent children and 41 % for each further
        child, modulated by resources since July 2015."""
        parametres = pf(parameters, period)
        taux = parametres.af.taux
        nb = famille("af_nb_enfants", period)
        eligible = nb >= parametres.af.nb_enfants_minimum
        montant = np.round(parametres.bmaf * (taux.deux_enfants + taux.enfant_supplementaire * np.maximum(nb - 2, 0)), 2)
        return (
            eligible
            * montant
            * famille("af_coefficient_garde_alternee", period)
            * famille("af_taux_modulation", period)
        )


class af_majoration_age_enfant(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Majoration pour âge des allocations familiales ouverte par l'enfant, avant modulation"
    unit = "currency-EUR"
    reference = [*article("CSS", "L521-3"), *article("CSS", "R521-1"), *article("CSS", "D521-1")]

    def formula(individu, period, parameters):
        """L521-3, R521-1 and D521-1 CSS: 16 % of the BMAF for each dependent child who has reached
        the age set by R521-1 (14 since May 2008, 18 since March 2026 for the children who were not
        14 by then), when the famille receives the AF. Children born before May 1997 keep the former
        supplements, 9 % from 11 and 16 % from 16 (décret 2008-409)."""
        parametres = pf(parameters, period)
        majoration = parametres.af.majoration_age
        age = individu("age", period)
        naissance = naissance_estimee(individu, period)
        age_seuil = np.where(naissance < NES_AVANT_MARS_2012, AGE_MAJORATION_AVANT_2026, majoration.age)
        montant = (age >= age_seuil) * majoration.taux
        if period.start.date < FIN_ANCIEN_REGIME:
            ancien = majoration.avant_mai_2008
            taux_11 = ancien.taux_11_ans if period.start.date < FIN_PREMIERE_MAJORATION_ANCIEN_REGIME else 0
            montant_ancien = np.select(
                [age >= AGE_ANCIEN_REGIME_SECONDE_MAJORATION, age >= AGE_ANCIEN_REGIME_PREMIERE_MAJORATION],
                [ancien.taux_16_ans, taux_11],
                0,
            )
            montant = np.where(naissance < NES_AVANT_MAI_1997, montant_ancien, montant)
        garde = np.where(individu("garde_alternee", period), parametres.af.coefficient_garde_alternee, 1)
        verse = individu.famille("af_base", period) > 0
        return individu("prestations_familiales_enfant_a_charge", period) * verse * montant * parametres.bmaf * garde


class af_majoration_age(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocations familiales : majorations pour âge"
    unit = "currency-EUR"
    reference = [*article("CSS", "L521-3"), *article("CSS", "D521-1")]

    def formula(famille, period, parameters):
        """L521-3 CSS: the supplements of the children, modulated like the AF; in a famille of fewer
        than three dependent children the eldest opens none (one supplement less: the eldest's)."""
        majorations = famille.members("af_majoration_age_enfant", period)
        total = famille.sum(majorations, role=Famille.ENFANT)
        aine = np.maximum(maximum_du_groupe(famille, majorations, role=Famille.ENFANT), 0)  # -inf without children
        petite = famille("af_nb_enfants", period) < pf(parameters, period).af.majoration_age.nb_enfants_minimum_aine
        return (total - petite * aine) * famille("af_taux_modulation", period)


class af_nb_enfants_20_ans(Variable):
    value_type = int
    entity = Famille
    definition_period = MONTH
    label = "Enfants de 20 ans ouvrant droit à l'allocation forfaitaire"
    reference = article("CSS", "L521-1")

    def formula(famille, period, parameters):
        """The children of the famille aged 20 (the year after the age limit) who are still
        dependent and whose pay stays under the limit (L521-1 al. 2, D521-2 CSS)."""
        age = famille.members("age", period)
        age_forfait = pf(parameters, period).af.allocation_forfaitaire.age
        a_charge = famille.members("enfant_a_charge", period) * np.logical_not(famille.members("autonomie_financiere", period))
        return famille.sum(a_charge * (age == age_forfait), role=Famille.ENFANT)


class af_allocation_forfaitaire(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocations familiales : allocation forfaitaire pour l'enfant de 20 ans"
    unit = "currency-EUR"
    reference = [*article("CSS", "L521-1"), *article("CSS", "D521-2")]

    def formula(famille, period, parameters):
        """L521-1 al. 2 and D521-2 CSS: 20.234 % of the BMAF for one year for each child reaching 20
        in a famille of at least three children (counting them), modulated on the ceilings of all
        these children since July 2015."""
        parametres = pf(parameters, period)
        forfait = parametres.af.allocation_forfaitaire
        nb_20 = famille("af_nb_enfants_20_ans", period)
        nb = famille("af_nb_enfants", period)
        eligible = (nb + nb_20) >= forfait.nb_enfants_minimum
        montant = eligible * nb_20 * np.round(parametres.bmaf * forfait.taux, 2)
        if period.start.date >= DEBUT_MODULATION:
            montant = montant * _taux_modulation(famille, period, parameters, nb + nb_20)
        return montant


class af_complement_degressif(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocations familiales : complément dégressif au-delà d'un plafond"
    unit = "currency-EUR"
    reference = article("CSS", "D521-3")

    def formula_2015_07_01(famille, period, parameters):
        """D521-3 CSS: just above a ceiling, a supplement equal to the AF (base and age supplements)
        of the tranche less a twelfth of the resources above the ceiling, so that the AF fall
        gradually. The flat-rate allowance has its own supplement, on the same excess."""
        depassement = _depassement_mensuel(famille, period, parameters)
        af = famille("af_base", period) + famille("af_majoration_age", period)
        forfait = famille("af_allocation_forfaitaire", period)
        return (depassement > 0) * (np.maximum(0, af - depassement) + np.maximum(0, forfait - depassement))


class af(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocations familiales (montant brut, avant CRDS)"
    unit = "currency-EUR"
    reference = [*article("CSS", "L521-1"), *article("CSS", "D521-1")]
    documentation = """Calculées quand elles ne sont pas saisies ; un montant saisi remplace le calcul.
    Montant brut : la CRDS (0,5 %) n'est pas déduite, comme dans openfisca-france."""

    def formula(famille, period):
        """The base amount, the age supplements, the flat-rate allowance and, since July 2015, the
        tapering supplement (L521-1 to L521-3 CSS)."""
        return (
            famille("af_base", period)
            + famille("af_majoration_age", period)
            + famille("af_allocation_forfaitaire", period)
            + famille("af_complement_degressif", period)
        )
