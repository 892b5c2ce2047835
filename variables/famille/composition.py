"""Household composition as the CAF sees it: parents, couple, dependent children."""

from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Individu,
    Variable,
    article,
    set_input_dispatch_by_period,
)


class nb_parents(Variable):
    value_type = int
    entity = Famille
    definition_period = MONTH
    label = "Nombre de parents dans la famille (demandeur et conjoint)"

    def formula(famille, period):
        """One for a person alone, two for a couple."""
        return famille.nb_persons(role=Famille.PARENT)


class en_couple(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Le demandeur vit en couple (mariage, PACS ou concubinage)"
    reference = article("CASF", "R262-1")

    def formula(famille, period):
        """A couple when the famille has two parents: the spouse, the PACS partner and the
        cohabiting partner are all counted alike by the CAF."""
        return famille("nb_parents", period) == 2


class garde_alternee(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Enfant en résidence alternée"


class enfant_a_charge(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Enfant à la charge effective et permanente de la famille (au sens du RSA)"
    reference = article("CASF", "R262-3")
    documentation = """Un enfant de la famille de moins de 25 ans (la limite est un paramètre daté).
    Peut être saisi pour exclure un enfant qui n'est pas à charge (par exemple financièrement
    autonome). Attention : dans openfisca-france, ``enfant_a_charge`` est la notion fiscale
    (variable annuelle) ; une valeur annuelle saisie ici est reportée sur chacun des mois."""

    def formula(famille_membre, period, parameters):
        """R262-3 CASF: the children living in the household and under 25 are dependants."""
        age_limite = parameters(period).prestations.rsa.conditions.age_limite_enfant_a_charge
        est_enfant = famille_membre.has_role(Famille.ENFANT)
        return est_enfant * (famille_membre("age", period) < age_limite)


class parent_isole(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Parent isolé : seul parent d'une famille avec au moins un enfant à charge"
    reference = [
        "Arrêté du 1er septembre 2021 (critères d'éligibilité à l'IAE), annexe 2 : parent isolé",
        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000044011209",
    ]
    documentation = """Déduit de la famille : la personne en est le seul parent (ni conjoint, ni
    concubin, ni partenaire de PACS) et la famille compte au moins un enfant à charge au sens du RSA
    (``enfant_a_charge``, moins de 25 ans par défaut). Peut être déclaré quand la famille n'est pas
    décrite (une personne seule dans le fichier) : la déclaration remplace le calcul."""

    def formula(individu, period):
        """The only parent of a famille with at least one dependent child."""
        famille = individu.famille
        enfants = famille.sum(famille.members("enfant_a_charge", period), role=Famille.ENFANT)
        seul = famille("nb_parents", period) == 1
        return individu.has_role(Famille.PARENT) * seul * (enfants > 0)
