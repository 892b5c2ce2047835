"""Housing: occupancy status, rent, housing aid. Housing aid enters RSA, prime d'activité and CSS
only through their forfait logement."""

from openfisca_metropole.model_api import (
    MONTH,
    Enum,
    Famille,
    Menage,
    Variable,
    article,
    set_input_dispatch_by_period,
    set_input_divide_by_period,
)


class TypesStatutOccupationLogement(Enum):
    __order__ = "non_renseigne primo_accedant proprietaire locataire_hlm locataire_vide locataire_meuble loge_gratuitement locataire_foyer sans_domicile"
    non_renseigne = "Non renseigné"
    primo_accedant = "Accédant à la propriété (remboursant un emprunt)"
    proprietaire = "Propriétaire (non accédant)"
    locataire_hlm = "Locataire d'un logement HLM"
    locataire_vide = "Locataire ou sous-locataire d'un logement loué vide non-HLM"
    locataire_meuble = "Locataire ou sous-locataire d'un logement loué meublé ou d'une chambre d'hôtel"
    loge_gratuitement = "Logé gratuitement par des parents, des amis ou l'employeur"
    locataire_foyer = "Locataire d'un foyer (résidence universitaire, maison de retraite, foyer de jeune travailleur, résidence sociale...)"
    sans_domicile = "Sans domicile stable"


class statut_occupation_logement(Variable):
    value_type = Enum
    possible_values = TypesStatutOccupationLogement
    default_value = TypesStatutOccupationLogement.non_renseigne
    entity = Menage
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Statut d'occupation du logement"
    documentation = "Mêmes valeurs que dans openfisca-france."


class loyer(Variable):
    value_type = float
    entity = Menage
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Loyer, ou mensualité d'emprunt pour un accédant à la propriété"
    unit = "currency-EUR"


class participation_frais(Variable):
    value_type = bool
    entity = Menage
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "La personne hébergée gratuitement participe aux frais de logement"
    reference = article("CASF", "R262-9")


class aide_logement(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Aide au logement perçue (APL, ALF ou ALS)"
    reference = article("CCH", "L821-1")
    unit = "currency-EUR"
