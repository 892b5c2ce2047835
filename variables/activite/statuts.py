"""Activity status: activity, studies, schooling, internships, apprenticeships."""

from openfisca_metropole.model_api import (
    MONTH,
    Enum,
    Individu,
    Variable,
    article,
    set_input_dispatch_by_period,
)


class TypesActivite(Enum):
    __order__ = "actif chomeur etudiant retraite inactif"
    actif = "Actif occupé"
    chomeur = "Chômeur"
    etudiant = "Étudiant, élève"
    retraite = "Retraité"
    inactif = "Autre, inactif"


class activite(Variable):
    value_type = Enum
    possible_values = TypesActivite
    default_value = TypesActivite.inactif
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Activité"


class etudiant(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "A le statut d'étudiant ou d'élève"
    reference = article("CASF", "L262-4", "LEGIARTI000031087751")
    documentation = """Les élèves, étudiants et stagiaires non rémunérés sont exclus du RSA (L262-4 4°
    CASF), sauf exceptions ; la prime d'activité leur est ouverte au-delà d'un plancher de revenus
    (L842-2 CSS). Déduit de ``activite`` quand il n'est pas saisi."""

    def formula(individu, period):
        """Student when the declared activity is ``etudiant``."""
        return individu("activite", period) == TypesActivite.etudiant


class TypesScolarite(Enum):
    __order__ = "inconnue maternelle primaire college lycee enseignement_superieur grande_ecole_du_numerique"
    inconnue = "Inconnue"
    maternelle = "Maternelle"
    primaire = "Primaire"
    college = "Collège"
    lycee = "Lycée"
    enseignement_superieur = "Enseignement supérieur"
    grande_ecole_du_numerique = "Grande école du numérique"


class scolarite(Variable):
    value_type = Enum
    possible_values = TypesScolarite
    default_value = TypesScolarite.inconnue
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Niveau de scolarité en cours"


class stagiaire(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Est stagiaire (stage en entreprise dans le cadre d'une formation)"
    reference = article("CE", "L124-1")


class apprenti(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Est apprenti (contrat d'apprentissage)"
    reference = article("CT", "L6221-1")
