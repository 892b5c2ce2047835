"""Earned income (revenus d'activité), monthly, as declared. Amounts given for a longer period
(a year, a quarter) are divided evenly over its months."""

from openfisca_metropole.model_api import (
    MONTH,
    YEAR,
    Individu,
    Variable,
    set_input_divide_by_period,
)


class salaire_net(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Salaire net (après cotisations et CSG-CRDS)"
    unit = "currency-EUR"


class remuneration_apprenti(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Rémunération de l'apprenti"
    unit = "currency-EUR"


class indemnites_stage(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Gratification de stage"
    unit = "currency-EUR"


class revenus_stage_formation_pro(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Rémunération de stage de formation professionnelle"
    unit = "currency-EUR"


class indemnites_chomage_partiel(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Indemnités d'activité partielle (chômage partiel)"
    unit = "currency-EUR"


class rpns_auto_entrepreneur_benefice(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Bénéfice mensuel d'un micro-entrepreneur (chiffre d'affaires après abattement forfaitaire)"
    unit = "currency-EUR"


class ppa_rsa_derniers_revenus_tns_annuels_connus(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    label = "Derniers revenus annuels connus d'un travailleur non salarié (hors micro-entreprise)"
    unit = "currency-EUR"
    documentation = """Revenu professionnel non salarié de la dernière année connue. Depuis 2017, le
    RSA et la prime d'activité en retiennent le douzième chaque mois ; la règle et ses articles
    sont encodés avec ces prestations."""
