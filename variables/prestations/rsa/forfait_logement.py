"""Forfait logement of the RSA (R262-9 and R262-10 CASF): the housing advantage deducted from the
amount, for people receiving a housing aid or housed without paying rent."""

from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Variable,
    article,
)
from openfisca_metropole.regles_communes import forfait_logement


class rsa_forfait_logement(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Forfait logement déduit du RSA"
    unit = "currency-EUR"
    reference = [*article("CASF", "R262-9"), *article("CASF", "R262-10")]

    def formula_2009_06_01(famille, period, parameters):
        """R262-9 and R262-10 CASF: 12 % of the montant forfaitaire of one person, 16 % of that of two,
        16.5 % of that of three for three persons or more. It is deducted in full from an owner
        without a loan to repay or a person housed free of charge; from a household receiving a
        housing aid, within the limit of that aid."""
        rsa = parameters(period).prestations.rsa
        nb_personnes = 1 + famille("rsa_couple", period) + famille("rsa_nb_enfants", period)
        return forfait_logement(
            famille, period, nb_personnes, rsa.montant_forfaitaire, rsa.majorations, rsa.forfait_logement
        )
