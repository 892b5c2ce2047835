"""Territory of the dwelling: commune, territorial conference of the Métropole, priority zones.

They let every result be broken down by territory and carry the geographic criteria of the IAE
(QPV, ZRR) and of the Métropole's local aids."""

from openfisca_metropole.model_api import (
    MONTH,
    Menage,
    Variable,
    set_input_dispatch_by_period,
)


class depcom(Variable):
    value_type = str
    max_length = 5
    entity = Menage
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Code Insee (COG) de la commune de résidence"
    documentation = "Par exemple 69123 pour Lyon, 69266 pour Villeurbanne, 59350 pour Lille."


class conference_territoriale(Variable):
    value_type = str
    max_length = 40
    entity = Menage
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Conférence territoriale (ou territoire) de la Métropole où se trouve le logement"
    documentation = """Le découpage de la Métropole sur lequel les résultats sont ventilés : les
    conférences territoriales des maires de la Métropole de Lyon, les territoires de la Métropole
    européenne de Lille. Code libre en minuscules sans accents (par exemple ``rhone_amont``) ;
    vide quand il n'est pas connu."""


class qpv(Variable):
    value_type = bool
    entity = Menage
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Le logement est situé dans un quartier prioritaire de la politique de la ville (QPV)"
    reference = [
        "Loi n° 2014-173 du 21 février 2014 de programmation pour la ville et la cohésion urbaine, article 5",
        "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000028636804",
    ]


class zrr(Variable):
    value_type = bool
    entity = Menage
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Le logement est situé en zone de revitalisation rurale (ZRR, puis France Ruralités Revitalisation)"
