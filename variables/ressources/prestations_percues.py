"""Benefits received that count, or may count, in the resources of RSA, prime d'activité and CSS.

Inputs for now, as declared by the household: family benefits are on the famille (paid to the
household), AAH, ASS and ASI on the person. Given for a year, an amount is divided over its months."""

from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Individu,
    Variable,
    set_input_divide_by_period,
)


class af(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocations familiales perçues"
    unit = "currency-EUR"


class asf(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocation de soutien familial (ASF) perçue"
    unit = "currency-EUR"


class cf(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Complément familial perçu"
    unit = "currency-EUR"


class paje_base(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocation de base de la prestation d'accueil du jeune enfant (PAJE) perçue"
    unit = "currency-EUR"


class aspa(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocation de solidarité aux personnes âgées (ASPA) perçue"
    unit = "currency-EUR"


class aah(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocation aux adultes handicapés (AAH) perçue"
    unit = "currency-EUR"


class ass(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocation de solidarité spécifique (ASS) perçue"
    unit = "currency-EUR"


class asi(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocation supplémentaire d'invalidité (ASI) perçue"
    unit = "currency-EUR"
