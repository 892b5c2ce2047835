"""Composition of the RSA household and its montant forfaitaire, majoré or not.

R262-1 CASF: the montant forfaitaire of one person is raised by 50 % for the second person of the
household, 30 % for the third and, in a couple, the fourth, and 40 % for each further person.
L262-9 and R262-2 CASF: the isolated parent or pregnant woman gets a majoré amount.
"""

from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Variable,
    article,
    np,
)
from openfisca_metropole.regles_communes import coefficient_composition, minimum_du_groupe, tous_du_groupe


class rsa_nb_enfants(Variable):
    value_type = int
    entity = Famille
    definition_period = MONTH
    label = "Nombre d'enfants à charge au sens du RSA"
    reference = article("CASF", "R262-3")

    def formula(famille, period):
        """R262-3 CASF: the dependent children of the household (``enfant_a_charge``)."""
        return famille.sum(famille.members("enfant_a_charge", period), role=Famille.ENFANT)


class rsa_couple(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "Le foyer RSA compte un couple (conjoint pris en compte)"
    reference = article("CASF", "L262-5")

    def formula_2009_06_01(famille, period):
        """L262-5 CASF: a couple whose two members can both be counted; a spouse who fails the
        nationality or unpaid-leave conditions is left out of the household's composition."""
        comptes = famille.members("rsa_conjoint_compte", period)
        return famille("en_couple", period) * tous_du_groupe(famille, comptes, role=Famille.PARENT)


class rsa_montant_forfaitaire(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Montant forfaitaire du RSA (non majoré) pour la composition du foyer"
    unit = "currency-EUR"
    reference = article("CASF", "R262-1")

    def formula_2009_06_01(famille, period, parameters):
        """R262-1 CASF: the montant forfaitaire of one person times the composition coefficient."""
        rsa = parameters(period).prestations.rsa
        coefficient = coefficient_composition(
            famille("rsa_couple", period), famille("rsa_nb_enfants", period), rsa.majorations
        )
        return rsa.montant_forfaitaire * coefficient


class rsa_majore_eligibilite(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "Le foyer a droit au montant forfaitaire majoré (parent isolé, femme enceinte isolée)"
    reference = [*article("CASF", "L262-9"), *article("CASF", "R262-2")]

    def formula_2009_06_01(famille, period, parameters):
        """L262-9 CASF: an isolated pregnant woman, or an isolated person with a dependent child,
        for 12 months within the 18 months after isolation (``rsa_isolement_recent``) or until the
        youngest child is 3 years old."""
        majore = parameters(period).prestations.rsa.majore
        isole = np.logical_not(famille("en_couple", period))
        enceinte = famille.any(famille.members("enceinte", period), role=Famille.PARENT)
        a_charge = famille.members("enfant_a_charge", period)
        age_enfants = np.where(a_charge, famille.members("age", period), 999)
        plus_jeune = minimum_du_groupe(famille, age_enfants, role=Famille.ENFANT)
        avec_enfant = famille("rsa_nb_enfants", period) > 0
        enfant_jeune = plus_jeune < majore.age_limite_plus_jeune_enfant
        isolement = famille("rsa_isolement_recent", period)
        return isole * (enceinte + avec_enfant * (enfant_jeune + isolement))


class rsa_montant_forfaitaire_majore(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Montant forfaitaire majoré du RSA (parent isolé, femme enceinte isolée)"
    unit = "currency-EUR"
    reference = [*article("CASF", "L262-9"), *article("CASF", "R262-2")]

    def formula_2009_06_01(famille, period, parameters):
        """R262-2 CASF: the montant forfaitaire of one person times (128.412 % + 42.804 % per dependent
        child) from 2016 (128.4 % + 42.8 % before), when the household is eligible."""
        rsa = parameters(period).prestations.rsa
        taux = rsa.majore.taux_base + rsa.majore.taux_par_enfant * famille("rsa_nb_enfants", period)
        return famille("rsa_majore_eligibilite", period) * rsa.montant_forfaitaire * taux


class rsa_montant_forfaitaire_applicable(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Montant forfaitaire applicable au foyer (majoré s'il y a droit)"
    unit = "currency-EUR"
    reference = [*article("CASF", "L262-2"), *article("CASF", "L262-9")]

    def formula_2009_06_01(famille, period):
        """L262-2 and L262-9 CASF: the majoré amount replaces the montant forfaitaire when due."""
        return np.maximum(
            famille("rsa_montant_forfaitaire", period),
            famille("rsa_montant_forfaitaire_majore", period),
        )
