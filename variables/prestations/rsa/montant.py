"""The amount of RSA paid.

2009-06-01 → 2015-12-31 (loi 2008-1249): the guaranteed income is the montant forfaitaire plus 62 %
of the household's earned income; the RSA is its difference with the resources, split into the RSA
socle (the part up to the montant forfaitaire, paid by the département, then the Métropole) and the
RSA activité (the rest, paid by the State).
From 2016-01-01 (loi 2015-994): the RSA is the montant forfaitaire less the resources; the activity
part became the prime d'activité.
"""

from openfisca_metropole.model_api import (
    MONTH,
    Enum,
    Famille,
    Variable,
    article,
    np,
)


class rsa_revenu_activite(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    end = "2015-12-31"
    label = "Part des revenus d'activité ajoutée au revenu garanti (62 %), jusqu'en 2015"
    unit = "currency-EUR"
    reference = article("CASF", "L262-2")

    def formula_2009_06_01(famille, period, parameters):
        """L262-2 and R262-1 CASF (2009-2015): the guaranteed income adds 62 % of the household's
        earned income to the montant forfaitaire."""
        pente = parameters(period).prestations.rsa.pente
        return pente * famille("rsa_base_ressources_activite", period)


class rsa_montant(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Montant du RSA avant le seuil de versement"
    unit = "currency-EUR"
    reference = [*article("CASF", "L262-2"), *article("CASF", "L262-3")]

    def formula_2009_06_01(famille, period):
        """L262-2 CASF (2009-2015): montant forfaitaire + 62 % of earned income − resources − forfait
        logement, for an eligible household."""
        garanti = famille("rsa_montant_forfaitaire_applicable", period) + famille(
            "rsa_revenu_activite", period
        )
        deductions = famille("rsa_base_ressources", period) + famille("rsa_forfait_logement", period)
        return famille("rsa_eligibilite", period) * np.maximum(garanti - deductions, 0)

    def formula_2016_01_01(famille, period):
        """L262-2 CASF (from 2016): montant forfaitaire − resources − forfait logement, for an
        eligible household."""
        deductions = famille("rsa_base_ressources", period) + famille("rsa_forfait_logement", period)
        montant = famille("rsa_montant_forfaitaire_applicable", period) - deductions
        return famille("rsa_eligibilite", period) * np.maximum(montant, 0)


class rsa(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Revenu de solidarité active versé"
    unit = "currency-EUR"
    reference = article("CASF", "R262-39")

    def formula_2009_06_01(famille, period, parameters):
        """R262-39 CASF: the RSA is not paid when the amount due is below 6 € a month."""
        montant = famille("rsa_montant", period)
        seuil = parameters(period).prestations.rsa.montant_minimum_verse
        return montant * (montant >= seuil)


class rsa_socle(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "RSA socle versé (part à la charge du département ou de la Métropole)"
    unit = "currency-EUR"
    reference = article("CASF", "L262-24")

    def formula_2009_06_01(famille, period):
        """L262-24 CASF (2009-2015): the part of the RSA up to the difference between the applicable
        montant forfaitaire and the resources and forfait logement is financed by the département."""
        deductions = famille("rsa_base_ressources", period) + famille("rsa_forfait_logement", period)
        socle = np.maximum(famille("rsa_montant_forfaitaire_applicable", period) - deductions, 0)
        return np.minimum(famille("rsa", period), socle)

    def formula_2016_01_01(famille, period):
        """From 2016 the whole RSA is financed by the département (the Métropole in Lyon)."""
        return famille("rsa", period)


class rsa_activite(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    end = "2015-12-31"
    label = "RSA activité versé (part à la charge de l'État), jusqu'en 2015"
    unit = "currency-EUR"
    reference = article("CASF", "L262-24")

    def formula_2009_06_01(famille, period):
        """L262-24 CASF (2009-2015): the RSA beyond the socle part is financed by the State."""
        return famille("rsa", period) - famille("rsa_socle", period)


class TypesRsaDroit(Enum):
    __order__ = "aucun socle_seul socle_et_activite activite_seul"
    aucun = "Pas de droit versable"
    socle_seul = "RSA socle seul"
    socle_et_activite = "RSA socle et activité"
    activite_seul = "RSA activité seul"


class rsa_type_droit(Variable):
    value_type = Enum
    possible_values = TypesRsaDroit
    default_value = TypesRsaDroit.aucun
    entity = Famille
    definition_period = MONTH
    end = "2015-12-31"
    label = "Catégorie de droit au RSA (socle seul, socle et activité, activité seul), jusqu'en 2015"
    reference = article("CASF", "L262-24")

    def formula_2009_06_01(famille, period):
        """The three categories of the 2009-2015 RSA statistics, from the two parts paid."""
        socle = famille("rsa_socle", period) > 0
        activite = famille("rsa_activite", period) > 0
        return np.select(
            [socle * activite, socle, activite],
            [TypesRsaDroit.socle_et_activite, TypesRsaDroit.socle_seul, TypesRsaDroit.activite_seul],
            TypesRsaDroit.aucun,
        )
