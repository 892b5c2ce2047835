"""Hours worked under the social clauses of public procurement (clauses sociales d'insertion).

A buyer may make the execution of a public contract carry an employment condition (L2112-2 Code de la
commande publique): the holder hires people far from employment for a number of insertion hours,
counted by the facilitator of the territory (PLIE, Maison de l'emploi). The engine records these hours
per person and month; no national rule turns them into a right: the proposal of a pooled account
(reforms/compte_insertion_heures.py) does.
"""

from openfisca_metropole.model_api import MONTH, Individu, Variable, article, set_input_divide_by_period


class heures_insertion_clause_sociale(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Heures de travail effectuées au titre d'une clause sociale d'insertion, tous employeurs"
    unit = "hour"
    reference = article("CCP", "L2112-2")
