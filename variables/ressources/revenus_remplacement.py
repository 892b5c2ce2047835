"""Replacement income (revenus de remplacement): unemployment benefit, pensions, daily allowances.

Daily allowances (indemnités journalières) are split by their nature, because the law treats them
differently: maternity, paternity and adoption allowances are earned income for the RSA and the
prime d'activité; sickness and work-accident allowances are earned income only during the first
months of the leave, then replacement income (the rule is encoded with those benefits)."""

from openfisca_metropole.model_api import (
    ETERNITY,
    MONTH,
    Individu,
    Variable,
    date,
    set_input_divide_by_period,
)


class chomage_net(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocations chômage nettes (ARE et assimilées)"
    unit = "currency-EUR"


class retraite_nette(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Pensions de retraite nettes"
    unit = "currency-EUR"


class pensions_invalidite(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Pensions d'invalidité"
    unit = "currency-EUR"


class indemnites_journalieres_maternite(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Indemnités journalières de maternité"
    unit = "currency-EUR"


class indemnites_journalieres_paternite(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Indemnités journalières de paternité"
    unit = "currency-EUR"


class indemnites_journalieres_adoption(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Indemnités journalières d'adoption"
    unit = "currency-EUR"


class indemnites_journalieres_maladie(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Indemnités journalières de maladie"
    unit = "currency-EUR"


class indemnites_journalieres_accident_travail(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Indemnités journalières d'accident du travail"
    unit = "currency-EUR"


class indemnites_journalieres_maladie_professionnelle(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Indemnités journalières de maladie professionnelle"
    unit = "currency-EUR"


class date_arret_de_travail(Variable):
    value_type = date
    default_value = date(1, 1, 1)
    entity = Individu
    definition_period = ETERNITY
    label = "Date de début de l'arrêt de travail en cours"
    documentation = "Sert à savoir depuis combien de mois des indemnités journalières sont perçues."
