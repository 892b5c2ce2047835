"""Allocation de base de la prestation d'accueil du jeune enfant (L531-3, R531-1, D531-3 CSS)."""

from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Individu,
    Variable,
    article,
    np,
    set_input_divide_by_period,
)
from openfisca_metropole.prestations_familiales import naissance_estimee, pf, plafond_par_enfants
from openfisca_metropole.regles_communes import maximum_du_groupe

NES_DEPUIS_AVRIL_2014 = np.datetime64("2014-04-01")  # décret 2014-422: two rates, new ceilings
NES_DEPUIS_AVRIL_2018 = np.datetime64("2018-04-01")  # LFSS 2018 art. 37, décret 2018-312


class paje_enfant_eligible(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Enfant de moins de 3 ans ouvrant droit à l'allocation de base de la PAJE"
    reference = article("CSS", "L531-3")

    def formula(individu, period, parameters):
        """L531-3 CSS: a dependent child under 3 (age in completed years on the first of the month)."""
        age = individu("age", period)
        return (
            individu.has_role(Famille.ENFANT)
            * individu("enfant_a_charge", period)
            * (age >= 0)
            * (age < pf(parameters, period).paje.age_limite)
        )


def _contexte(famille, period):
    """Eligibility, the youngest eligible child's date of birth, the resources and the children."""
    eligible = famille.members("paje_enfant_eligible", period)
    naissance = naissance_estimee(famille.members, period)
    plus_jeune = maximum_du_groupe(famille, np.where(eligible, naissance, np.datetime64("1900-01-01")).astype("datetime64[D]").astype(np.int64)).astype(np.int64)
    return (
        famille.any(eligible),
        plus_jeune.astype("datetime64[D]"),
        famille("prestations_familiales_base_ressources", period),
        famille("af_nb_enfants", period),
        (famille("nb_parents", period) == 1) + famille("biactivite", period) > 0,
    )


def _cohorte_2014(p, ressources, nb, majore, montant_plein):
    """Children born from April 2014 to March 2018 (décret 2014-422): ceilings raised by 22 % of the
    base per child; full rate or half rate; the amount frozen by the LFSS 2014."""
    ceilings = p.paje.plafond_avril_2014_mars_2018
    plein = ceilings.taux_plein * (1 + ceilings.majoration_par_enfant * nb) + majore * ceilings.majoration_biactifs_isoles_taux_plein
    partiel = ceilings.taux_partiel * (1 + ceilings.majoration_par_enfant * nb) + majore * ceilings.majoration_biactifs_isoles_taux_partiel
    return _montant(ressources, plein, partiel, montant_plein, p.paje.coefficient_taux_partiel)


def _cohorte_2018(p, ressources, nb, majore):
    """Children born from April 2018 (décret 2018-312): 41.65 % of the BMAF, ceilings of the
    complément familial for the full rate."""
    c = p.paje.plafond
    plein = plafond_par_enfants(c.taux_plein, nb, c.majoration_deux_premiers_enfants, c.majoration_enfant_supplementaire) + majore * c.majoration_biactifs_isoles_taux_plein
    partiel = plafond_par_enfants(c.taux_partiel, nb, c.majoration_deux_premiers_enfants, c.majoration_enfant_supplementaire) + majore * c.majoration_biactifs_isoles_taux_partiel
    return _montant(ressources, plein, partiel, p.bmaf * p.paje.taux_plein, p.paje.coefficient_taux_partiel)


def _montant(ressources, plafond_plein, plafond_partiel, montant_plein, coefficient_partiel):
    return np.select(
        [ressources <= plafond_plein, ressources <= plafond_partiel],
        [montant_plein, coefficient_partiel * montant_plein],
        0,
    )


def _cohorte_avant_2014(p, ressources, nb, majore, montant_plein):
    """Children born before April 2014: a single rate, 45.95 % of the BMAF (frozen from April 2014),
    under one ceiling raised per child as the complément familial's (25 % for each of the first two
    children, 30 % for each further one, R522-2 CSS)."""
    c = p.paje.plafond_avant_avril_2014
    cf = p.cf.plafond
    plafond = plafond_par_enfants(c.base, nb, cf.majoration_deux_premiers_enfants, cf.majoration_enfant_supplementaire) + majore * c.majoration_biactifs_isoles
    return (ressources <= plafond) * montant_plein


class paje_base(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocation de base de la PAJE (montant brut)"
    unit = "currency-EUR"
    reference = [*article("CSS", "L531-3"), *article("CSS", "R531-1"), *article("CSS", "D531-3")]
    documentation = """Calculée quand elle n'est pas saisie ; un montant saisi remplace le calcul. Une
    allocation par famille (les naissances multiples, qui la multiplient, ne sont pas modélisées) ;
    le régime est celui du plus jeune enfant de moins de 3 ans. Due tant que l'enfant a moins de 3 ans
    révolus au premier jour du mois (le texte arrête le versement le mois précédant son anniversaire)."""

    def formula_2009_01_01(famille, period, parameters):
        """D531-3 CSS: 45.95 % of the BMAF under the ceiling of R531-1 (children born before 2014)."""
        p = pf(parameters, period)
        eligible, _, ressources, nb, majore = _contexte(famille, period)
        return eligible * _cohorte_avant_2014(p, ressources, nb, majore, p.bmaf * p.paje.taux_plein_avant_avril_2018)

    def formula_2014_04_01(famille, period, parameters):
        """From April 2014 the amount is frozen (LFSS 2014 art. 74); children born since then get the
        full or half rate under the ceilings of décret 2014-422."""
        p = pf(parameters, period)
        eligible, plus_jeune, ressources, nb, majore = _contexte(famille, period)
        gele = p.paje.montant_gele
        montant = np.where(
            plus_jeune >= NES_DEPUIS_AVRIL_2014,
            _cohorte_2014(p, ressources, nb, majore, gele),
            _cohorte_avant_2014(p, ressources, nb, majore, gele),
        )
        return eligible * montant

    def formula_2017_04_01(famille, period, parameters):
        """No child born before April 2014 is under 3 any more: the 2014 rules only."""
        p = pf(parameters, period)
        eligible, _, ressources, nb, majore = _contexte(famille, period)
        return eligible * _cohorte_2014(p, ressources, nb, majore, p.paje.montant_gele)

    def formula_2018_04_01(famille, period, parameters):
        """Children born since April 2018: 41.65 % of the BMAF under the ceilings of the complément
        familial (décret 2018-312); the children born before keep the frozen amount."""
        p = pf(parameters, period)
        eligible, plus_jeune, ressources, nb, majore = _contexte(famille, period)
        montant = np.where(
            plus_jeune >= NES_DEPUIS_AVRIL_2018,
            _cohorte_2018(p, ressources, nb, majore),
            _cohorte_2014(p, ressources, nb, majore, p.paje.montant_gele),
        )
        return eligible * montant

    def formula_2021_04_01(famille, period, parameters):
        """No child born before April 2018 is under 3 any more: the 2018 rules only."""
        p = pf(parameters, period)
        eligible, _, ressources, nb, majore = _contexte(famille, period)
        return eligible * _cohorte_2018(p, ressources, nb, majore)
