"""Other income and assets: alimony, capital income, savings and unrented property.

Flows (alimony, capital income, rents) are monthly amounts, divided over months when given for a
longer period. Stocks (savings balances, rental values of unrented property) are states: given for a
year, the same value applies to each month."""

from openfisca_metropole.model_api import (
    MONTH,
    Individu,
    Variable,
    set_input_dispatch_by_period,
    set_input_divide_by_period,
)


class pensions_alimentaires_percues(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Pensions alimentaires perçues"
    unit = "currency-EUR"


class pensions_alimentaires_versees_individu(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Pensions alimentaires versées"
    unit = "currency-EUR"


class prestation_compensatoire(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Prestation compensatoire perçue"
    unit = "currency-EUR"


class revenus_capital(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Revenus du capital (intérêts, dividendes)"
    unit = "currency-EUR"


class revenus_locatifs(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Revenus locatifs"
    unit = "currency-EUR"


class livret_a(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Encours du Livret A"
    unit = "currency-EUR"


class epargne_revenus_non_imposables(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Encours de l'épargne non imposable hors Livret A (LDDS, LEP, livret jeune...)"
    unit = "currency-EUR"


class valeur_locative_immo_non_loue(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Valeur locative annuelle des immeubles bâtis possédés et non loués (hors résidence principale)"
    unit = "currency-EUR"


class valeur_locative_terrains_non_loues(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Valeur locative annuelle des terrains possédés et non loués"
    unit = "currency-EUR"
