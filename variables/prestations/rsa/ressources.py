"""Resources of the RSA household, averaged over the reference months (R262-6 to R262-13 CASF).

The reference months are fixed by the law of the month computed (R262-7): the three months before
it until February 2025, the three months ending two months before it since March 2025 (décret
2025-185). The rule is the dated parameter ``prestations.rsa.ressources.mois_reference``.
"""

from openfisca_metropole import regles_communes as regles
from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Individu,
    Variable,
    article,
    np,
)
from openfisca_metropole.regles_communes import (
    INDEMNITES_JOURNALIERES_TEMPORAIRES,
    REVENUS_ACTIVITE,
    indemnites_journalieres_temporaires,
    membres_du_foyer,
    moyenne,
)

# Other income that, when it stops, is neutralised within the limit of the montant forfaitaire of one
# person (R262-13, 2nd paragraph).
REVENUS_NON_PROFESSIONNELS = (
    "pensions_invalidite",
    "pensions_alimentaires_percues",
    "prestation_compensatoire",
)
AUTRES_REVENUS = (
    "revenus_capital",
    "revenus_locatifs",
    "aah",
    "ass",
    "asi",
)
# Benefits paid to the famille that count as resources: the AF without their age supplements and flat-rate
# allowance, the CF within its forfait, the PAJE basic allowance, the ASPA (the ASF counts through
# ``rsa_forfait_asf``).
PRESTATIONS_FAMILIALES = ("rsa_af_retenues", "rsa_forfait_cf", "paje_base", "aspa")


def mois_reference(period, parameters):
    """The reference months of the month ``period`` (R262-7 CASF, décret 2025-185)."""
    return regles.mois_reference(period, parameters(period).prestations.rsa.ressources.mois_reference)


class rsa_revenu_activite_individu(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Revenus d'activité retenus pour le RSA, moyenne mensuelle des mois de référence"
    unit = "currency-EUR"
    reference = [*article("CASF", "R262-6"), *article("CASF", "R262-7"), *article("CASF", "R262-8")]

    def formula_2009_06_01(individu, period, parameters):
        """R262-6 and R262-8 CASF: salaries and assimilated income, maternity, paternity and adoption
        allowances, and sickness or work-accident allowances during the first 3 months of leave;
        averaged over the reference months (R262-7). An income that has stopped in the month computed
        without any substitute income is neutralised (R262-13). Self-employed profits count for one
        twelfth of the last annual profit known at the month computed (R262-18, R262-19)."""
        mois = mois_reference(period, parameters)
        revenus = moyenne(individu, REVENUS_ACTIVITE, mois)
        revenus = revenus + indemnites_journalieres_temporaires(individu, mois, en_activite=True)
        revenus = revenus * np.logical_not(individu("rsa_neutralisation", period))
        non_salaries = individu("ppa_rsa_derniers_revenus_tns_annuels_connus", period.this_year)
        return revenus + non_salaries


SUBSTITUTION = ("chomage_net", "retraite_nette") + INDEMNITES_JOURNALIERES_TEMPORAIRES


def interrompu(individu, noms, period):
    """R262-13 CASF: the income ``noms`` was received the month before ``period``, not in it, and no
    substitute income (unemployment benefit, pension, daily allowances) is received in it."""
    actuel = sum(individu(nom, period) for nom in noms)
    precedent = sum(individu(nom, period.last_month) for nom in noms)
    substitution = sum(individu(nom, period) for nom in SUBSTITUTION)
    return (actuel <= 0) * (precedent > 0) * (substitution <= 0)


class rsa_neutralisation(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Les revenus d'activité de la personne sont neutralisés (interrompus sans revenu de substitution)"
    reference = article("CASF", "R262-13")

    def formula_2009_06_01(individu, period):
        """R262-13 CASF: earned income is not counted when its receipt has stopped for good and no
        substitute income is due: here, received the month before the month computed, not in it, and
        no unemployment benefit, pension or daily allowance in it."""
        return interrompu(individu, REVENUS_ACTIVITE + INDEMNITES_JOURNALIERES_TEMPORAIRES, period)


class rsa_autres_ressources_individu(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Ressources hors revenus d'activité retenues pour le RSA, moyenne mensuelle"
    unit = "currency-EUR"
    reference = [*article("CASF", "R262-6"), *article("CASF", "R132-1")]

    def formula_2009_06_01(individu, period, parameters):
        """R262-6 CASF: every other resource averaged over the reference months: unemployment benefit
        and retirement pension (each unless interrupted without substitute income, R262-13); alimony,
        invalidity pension and compensatory allowance (reduced, when they stop, by the montant
        forfaitaire of one person: R262-13, 2nd paragraph); capital and rental income, AAH, ASS, ASI,
        sickness allowances beyond the first months; and (R132-1 CASF) capital that yields no income
        counted at 3 % a year, unrented buildings at 50 % and land at 80 % of their rental value."""
        mois = mois_reference(period, parameters)
        remplacement = sum(
            moyenne(individu, (nom,), mois) * np.logical_not(interrompu(individu, (nom,), period))
            for nom in ("chomage_net", "retraite_nette")
        )
        autres = moyenne(individu, AUTRES_REVENUS, mois)
        montant_forfaitaire = parameters(period).prestations.rsa.montant_forfaitaire
        for nom in REVENUS_NON_PROFESSIONNELS:
            arrete = (individu(nom, period) <= 0) * (individu(nom, period.last_month) > 0)
            autres = autres + np.maximum(moyenne(individu, (nom,), mois) - arrete * montant_forfaitaire, 0)
        ij_remplacement = indemnites_journalieres_temporaires(individu, mois, en_activite=False)
        patrimoine = moyenne(individu, ("rsa_revenus_patrimoine",), mois)
        return remplacement + autres + ij_remplacement + patrimoine


class rsa_revenus_patrimoine(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Revenus fictifs du patrimoine non productif de revenus, par mois (RSA)"
    unit = "currency-EUR"
    reference = article("CASF", "R132-1")

    def formula_2009_06_01(individu, period, parameters):
        """R132-1 CASF (applied to the RSA by R262-6): the Livret A at its interest rate, other savings
        at 3 % a year, unrented buildings at 50 % and unrented land at 80 % of their annual rental
        value; one twelfth a month. Averaged over the reference months with the other resources."""
        taux = parameters(period).prestations.rsa.ressources.patrimoine
        livret_a = parameters(period).epargne.livret_a.taux
        annuel = (
            individu("livret_a", period) * livret_a
            + individu("epargne_revenus_non_imposables", period) * taux.taux_epargne_hors_livret_a
            + individu("valeur_locative_immo_non_loue", period) * taux.taux_valeur_locative_immeubles
            + individu("valeur_locative_terrains_non_loues", period) * taux.taux_valeur_locative_terrains
        )
        return annuel / 12


class rsa_prestations_familiales(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Prestations familiales et ASPA retenues pour le RSA, moyenne mensuelle"
    unit = "currency-EUR"
    reference = [*article("CASF", "R262-7"), *article("CASF", "R262-10-1"), *article("CASF", "R262-11")]

    def formula_2009_06_01(famille, period, parameters):
        """R262-7 CASF (2009 wording): the family benefits of the month computed are counted."""
        return sum(famille(nom, period) for nom in PRESTATIONS_FAMILIALES + ("rsa_forfait_asf",))

    def formula_2017_01_01(famille, period, parameters):
        """R262-7 II 2° CASF (from 2017, décret 2017-122): the benefits paid by the CAF count in the
        month they are paid, so they are averaged over the reference months with the other
        resources. The ASF counts within its forfait (R262-10-1)."""
        mois = mois_reference(period, parameters)
        total = moyenne(famille, PRESTATIONS_FAMILIALES, mois)
        for m in mois:
            total = total + famille("rsa_forfait_asf", m) / len(mois)
        return total


class rsa_forfait_asf(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Forfait d'allocation de soutien familial retenu pour le RSA"
    unit = "currency-EUR"
    reference = article("CASF", "R262-10-1")

    def formula_2009_06_01(famille, period, parameters):
        """Before the ASF forfait, the ASF paid counts as a family benefit."""
        return famille("asf", period)

    def formula_2014_04_01(famille, period, parameters):
        """R262-10-1 CASF: the ASF paid counts within the limit of a forfait of 22.5 % of the BMAF for
        each child for whom it is due (``asf_taux_enfant`` above zero)."""
        taux = parameters(period).prestations.rsa.ressources.asf_forfait_taux_bmaf
        bmaf = parameters(period).prestations.prestations_familiales.bmaf
        enfants = famille.sum(famille.members("asf_taux_enfant", period) > 0, role=Famille.ENFANT)
        return np.minimum(famille("asf", period), taux * bmaf * enfants)


class rsa_af_retenues(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Allocations familiales retenues pour le RSA et la prime d'activité (hors majorations pour âge et forfait)"
    unit = "currency-EUR"
    reference = [*article("CASF", "R262-11"), *article("CSS", "R844-5")]

    def formula(famille, period):
        """R262-11 CASF: the age supplements of the AF and the flat-rate allowance at 20 are not
        counted; the base amount of the AF is, within the AF received (an amount given as input)."""
        return np.minimum(famille("af_base", period), famille("af", period))


class rsa_forfait_cf(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Complément familial retenu pour le RSA et la prime d'activité"
    unit = "currency-EUR"
    reference = article("CASF", "R262-10-1")

    def formula_2009_06_01(famille, period):
        """Before its forfait, the complément familial counts for its amount."""
        return famille("cf", period)

    def formula_2014_04_01(famille, period, parameters):
        """R262-10-1 CASF: the complément familial counts within a forfait of 41.65 % of the BMAF (the
        increase of the majoré CF is not counted)."""
        taux = parameters(period).prestations.rsa.ressources.cf_forfait_taux_bmaf
        bmaf = parameters(period).prestations.prestations_familiales.bmaf
        return np.minimum(famille("cf", period), taux * bmaf)


class rsa_base_ressources_activite(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Revenus d'activité du foyer compris dans les ressources du RSA, moyenne mensuelle"
    unit = "currency-EUR"
    reference = article("CASF", "R262-6")

    def formula_2009_06_01(famille, period):
        """R262-6 CASF: earned income of the parents and dependent children."""
        revenus = famille.members("rsa_revenu_activite_individu", period)
        compte = membres_du_foyer(famille, period)
        return famille.sum(revenus * compte)


class rsa_base_ressources(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Ressources du foyer retenues pour le RSA, moyenne mensuelle des mois de référence"
    unit = "currency-EUR"
    reference = [*article("CASF", "L262-3"), *article("CASF", "R262-6"), *article("CASF", "R262-7")]

    def formula_2009_06_01(famille, period):
        """L262-3 and R262-6 CASF: all the resources of the parents and dependent children, earned
        income included, plus the family benefits; housing aid enters only through the forfait
        logement."""
        autres = famille.members("rsa_autres_ressources_individu", period)
        compte = membres_du_foyer(famille, period)
        return (
            famille("rsa_base_ressources_activite", period)
            + famille.sum(autres * compte)
            + famille("rsa_prestations_familiales", period)
        )
