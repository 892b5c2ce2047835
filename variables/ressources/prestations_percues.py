"""Benefits received that count, or may count, in the resources of RSA, prime d'activité and CSS.

Inputs, as declared by the household: the ASPA on the famille (paid to the household), AAH, ASS
and ASI on the person. Given for a year, an amount is divided over its months. The family benefits
(AF, ASF, CF, PAJE) are computed in ``variables/prestations/prestations_familiales`` and may be
given as inputs there."""

from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Individu,
    Variable,
    set_input_divide_by_period,
)


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
