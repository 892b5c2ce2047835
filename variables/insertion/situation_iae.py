"""What a prescriber records about a person to assess the administrative criteria of the IAE.

Registration at France Travail, diploma level, disability recognition, and the personal situations
the arrêté du 1er septembre 2021 lists (annex 2). Monthly inputs: a situation may change from one
month to the next (a release from detention, a new residence permit).
"""

from openfisca_metropole.iae import ARRETE_2021, TypesNiveauDiplome
from openfisca_metropole.model_api import (
    MONTH,
    Enum,
    Individu,
    Variable,
    article,
    date,
    np,
    set_input_dispatch_by_period,
)



class iae_date_diagnostic(Variable):
    value_type = date
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Date du diagnostic d'éligibilité à l'insertion par l'activité économique"
    reference = article("CT", "R5132-1-5", "LEGIARTI000043995964")
    documentation = """Le jour où les critères sont appréciés (l'âge en particulier). Par défaut, le
    premier jour du mois calculé."""

    def formula(individu, period):
        """Without a date given, the criteria are assessed on the first day of the month."""
        return np.full(individu.count, np.datetime64(period.start.date, "D"))


class duree_inscription_france_travail(Variable):
    value_type = int
    entity = Individu
    definition_period = MONTH
    label = "Durée d'inscription comme demandeur d'emploi à France Travail (Pôle emploi avant 2024), en mois"
    unit = "month"
    reference = ARRETE_2021
    documentation = """Nombre de mois d'inscription lus sur l'avis de situation de France Travail, au
    jour du diagnostic ; 0 pour une personne qui n'est pas inscrite. Une durée change chaque mois :
    elle se donne mois par mois (une valeur annuelle est refusée)."""


class niveau_diplome(Variable):
    value_type = Enum
    possible_values = TypesNiveauDiplome
    default_value = TypesNiveauDiplome.non_renseigne
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Niveau d'études atteint (nomenclature nationale des niveaux de 2019)"
    reference = [
        "Décret n° 2019-14 du 8 janvier 2019 relatif au cadre national des certifications professionnelles",
        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000037964754",
    ]
    documentation = """Le niveau d'études atteint, comme l'annexe 2 de l'arrêté du 1er septembre 2021
    (« niveau d'étude 3 (CAP, BEP) ou infra ») et la Plateforme de l'inclusion le lisent : une
    personne allée jusqu'en terminale sans obtenir le baccalauréat est au niveau 4 ; « sans diplôme »
    désigne qui n'a pas atteint le niveau 3. Ce n'est pas le diplôme en cours de préparation
    (``niveau_diplome_formation`` dans openfisca-france). Par défaut non renseigné : le critère
    n'est alors pas retenu et le diagnostic le signale."""


class rqth(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Reconnaissance de la qualité de travailleur handicapé (RQTH) en cours de validité"
    reference = article("CT", "L5213-1", "LEGIARTI000006903699")
    documentation = """La décision de la CDAPH (L5213-1 et L5213-2 du code du travail). Les autres
    bénéficiaires de l'obligation d'emploi (L5212-13 : pension d'invalidité, rente d'accident du
    travail...) ne sont pas couverts : aucun texte lu ne les range dans le critère « travailleur
    handicapé » de l'IAE."""


class sortant_ase(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Sortant de l'aide sociale à l'enfance (ASE)"
    reference = ARRETE_2021


class sans_domicile(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Sans domicile, hébergé (par un tiers ou en structure) ou avec un parcours de rue"
    reference = ARRETE_2021


class refugie_ou_demandeur_asile(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Réfugié, bénéficiaire de la protection subsidiaire ou de la protection temporaire, ou demandeur d'asile"
    reference = ARRETE_2021


class sortant_detention_ou_sous_main_justice(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Sortant de détention ou personne placée sous main de justice"
    reference = ARRETE_2021


class niveau_francais_inferieur_a1(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Maîtrise de la langue française inférieure au niveau A1 du cadre européen"
    reference = ARRETE_2021


class probleme_mobilite(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Problème de mobilité établi par un diagnostic"
    reference = ARRETE_2021
