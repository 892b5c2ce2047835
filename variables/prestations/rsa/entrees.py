"""Inputs specific to the RSA: recent isolation, the RSA jeune hours, unpaid leave."""

from openfisca_metropole.model_api import (
    MONTH,
    Enum,
    Famille,
    Individu,
    Variable,
    article,
    set_input_dispatch_by_period,
)


class rsa_isolement_recent(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Le parent est isolé depuis moins de 18 mois (séparation, veuvage, abandon)"
    reference = article("CASF", "R262-2")


class rsa_jeune_condition_heures_travail_remplie(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "A travaillé au moins 3 214 heures (deux ans à temps plein) au cours des trois ans précédant la demande"
    reference = [*article("CASF", "L262-7-1"), *article("CASF", "D262-25-1")]

    def formula_2010_09_01(individu, period, parameters):
        """D262-25-1 CASF: at least twice the annual reference working time (3 214 hours) within the
        three years before the claim, from ``heures_travaillees_trois_ans``; given directly when the
        hours are not known."""
        seuil = parameters(period).prestations.rsa.conditions.rsa_jeune.heures_travail
        return individu("heures_travaillees_trois_ans", period) >= seuil


class heures_travaillees_trois_ans(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Heures de travail accomplies au cours des trois ans précédant la demande de RSA (RSA jeune)"
    unit = "hour"
    reference = article("CASF", "D262-25-1")


class TypesCongeNonRemunere(Enum):
    __order__ = "aucun parental sabbatique sans_solde disponibilite"
    aucun = "Aucun"
    parental = "Congé parental d'éducation"
    sabbatique = "Congé sabbatique"
    sans_solde = "Congé sans solde"
    disponibilite = "Disponibilité (fonction publique)"


class conge_non_remunere(Variable):
    value_type = Enum
    possible_values = TypesCongeNonRemunere
    default_value = TypesCongeNonRemunere.aucun
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Congé non rémunéré en cours (exclut du RSA, sauf droit au RSA majoré)"
    reference = article("CASF", "L262-4")
