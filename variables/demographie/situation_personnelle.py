"""Personal situation: pregnancy, marital status, nationality and residence permit."""

from openfisca_metropole.model_api import (
    MONTH,
    Enum,
    Individu,
    Variable,
    article,
    np,
    set_input_dispatch_by_period,
)


class enceinte(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Est enceinte"
    reference = article("CASF", "L262-9")
    documentation = "Grossesse déclarée ; ouvre notamment le RSA majoré (L262-9 CASF)."


class TypesStatutMarital(Enum):
    __order__ = "non_renseigne marie celibataire divorce veuf pacse jeune_veuf"
    non_renseigne = "Non renseigné"
    marie = "Marié"
    celibataire = "Célibataire"
    divorce = "Divorcé"
    veuf = "Veuf"
    pacse = "Pacsé"
    jeune_veuf = "Jeune veuf"


class statut_marital(Variable):
    value_type = Enum
    possible_values = TypesStatutMarital
    default_value = TypesStatutMarital.celibataire
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Statut marital"
    documentation = """État civil de la personne. La vie en couple au sens des prestations sociales
    (mariage, PACS ou concubinage) se lit sur la famille (``en_couple``), pas ici."""


class nationalite(Variable):
    value_type = str
    max_length = 3
    default_value = "FR"
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Nationalité (code pays ISO 3166-1 alpha-2)"
    documentation = "Par exemple FR, DE, DZ. openfisca-france accepte aussi UK pour le Royaume-Uni."


class ressortissant_eee(Variable):
    value_type = bool
    default_value = True
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Ressortissant de l'Union européenne, de l'Espace économique européen ou de la Suisse"
    reference = article("CASF", "L262-6")

    def formula(individu, period, parameters):
        """Nationals of a member state of the EU, of the EEA or of Switzerland (L262-6 CASF for the
        RSA, L842-2 CSS for the prime d'activité): the list of states is a dated parameter."""
        nationalite = individu("nationalite", period)
        etats = parameters(period).geopolitique.ue_eee_suisse
        return np.isin(nationalite, np.array(etats, dtype=nationalite.dtype))


class duree_possession_titre_sejour(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Durée de possession d'un titre de séjour autorisant à travailler (en années)"
    unit = "year"
    reference = article("CASF", "L262-4", "LEGIARTI000031087751")
    documentation = """Pour un étranger hors Union européenne, EEE et Suisse : depuis combien d'années
    il détient un titre de séjour autorisant à travailler (L262-4 2° CASF pour le RSA). Pour un
    ressortissant de l'UE, de l'EEE ou de la Suisse, qui n'a pas besoin de titre : depuis combien
    d'années il réside en France (L262-6 CASF exige trois mois), comme dans openfisca-france."""
