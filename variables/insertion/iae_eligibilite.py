"""Which structures of the insertion-through-work sector may hire a person on their own assessment.

From 2021-09-01 (L5132-3 and R5132-1-7 Code du travail, arrêté du 1er septembre 2021, art. 2) a
structure (SIAE) may hire a person who meets at least one level-1 criterion, or a number of level-2
criteria that depends on its type: two for a temporary-work insertion company (ETTI) or an
intermediary association (AI), three for an insertion company (EI), an insertion workshop (ACI)
and, since its own regime, an insertion company through self-employment (EITI). An authorised
prescriber needs no criterion; these variables answer for the structure's own assessment. Nobody
under 16 may be hired (L4153-1 Code du travail), whatever the criteria.
"""

from openfisca_metropole.iae import REFERENCE, nb_criteres, niveau_nomenclature, parent_beneficiaire_rsa
from openfisca_metropole.model_api import (
    MONTH,
    Individu,
    Variable,
    article,
)


class iae_age_minimum_embauche_atteint(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "A l'âge minimum d'embauche (16 ans) au jour du diagnostic"
    reference = article("CT", "L4153-1", "LEGIARTI000037386047")

    def formula(individu, period, parameters):
        """L4153-1 CT: nobody under 16 may be employed (the exceptions for apprentices and school
        holidays do not concern an insertion pathway)."""
        return individu("iae_age", period) >= parameters(period).iae.age.minimum_embauche


class iae_nb_criteres_niveau_1(Variable):
    value_type = int
    entity = Individu
    definition_period = MONTH
    label = "Nombre de critères administratifs IAE de niveau 1 remplis"
    reference = REFERENCE

    def formula_2021_09_01(individu, period, parameters):
        """R5132-1-7 II CT: the level-1 criteria met (RSA, ASS, AAH, very-long-term unemployment)."""
        return nb_criteres(individu, period, parameters, 1)


class iae_nb_criteres_niveau_2(Variable):
    value_type = int
    entity = Individu
    definition_period = MONTH
    label = "Nombre de critères administratifs IAE de niveau 2 remplis"
    reference = REFERENCE

    def formula_2021_09_01(individu, period, parameters):
        """R5132-1-7 III CT and arrêté annex 2: the level-2 criteria met."""
        return nb_criteres(individu, period, parameters, 2)


def _eligible(individu, period, parameters, structure: str):
    """One level-1 criterion or enough level-2 ones (arrêté art. 2), for a person old enough to be
    hired (L4153-1 CT: nobody under 16, whatever the criteria say)."""
    requis = parameters(period).iae.nb_criteres_niveau_2_requis[structure]
    criteres = (individu("iae_nb_criteres_niveau_1", period) >= 1) + (
        individu("iae_nb_criteres_niveau_2", period) >= requis
    )
    return criteres * individu("iae_age_minimum_embauche_atteint", period)


class iae_eligible_ei(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Peut être embauché par une entreprise d'insertion (EI) sur les critères administratifs"
    reference = REFERENCE

    def formula_2021_09_01(individu, period, parameters):
        """Arrêté art. 2: one level-1 criterion, or three level-2 criteria."""
        return _eligible(individu, period, parameters, "ei")


class iae_eligible_aci(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Peut être embauché par un atelier et chantier d'insertion (ACI) sur les critères administratifs"
    reference = REFERENCE

    def formula_2021_09_01(individu, period, parameters):
        """Arrêté art. 2: one level-1 criterion, or three level-2 criteria."""
        return _eligible(individu, period, parameters, "aci")


class iae_eligible_etti(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Peut être embauché par une entreprise de travail temporaire d'insertion (ETTI) sur les critères administratifs"
    reference = REFERENCE

    def formula_2021_09_01(individu, period, parameters):
        """Arrêté art. 2: one level-1 criterion, or two level-2 criteria."""
        return _eligible(individu, period, parameters, "etti")


class iae_eligible_ai(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Peut être embauché par une association intermédiaire (AI) sur les critères administratifs"
    reference = REFERENCE
    documentation = """Pour une nouvelle embauche à partir du 1er septembre 2021. Les salariés déjà
    présents dans une AI avant cette date étaient réputés éligibles jusqu'au 30 novembre 2021, avec
    une prescription réputée valable à compter du 1er décembre 2021 (décret 2021-1128, art. 2 III) :
    cette transition ne dépend pas des critères et n'est pas modélisée."""

    def formula_2021_09_01(individu, period, parameters):
        """Arrêté art. 2: one level-1 criterion, or two level-2 criteria."""
        return _eligible(individu, period, parameters, "ai")


class iae_eligible_eiti(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Peut être accompagné par une entreprise d'insertion par le travail indépendant (EITI) sur les critères administratifs"
    reference = [
        *REFERENCE,
        "Décret n° 2021-1128 du 30 août 2021, art. 2 I",
        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000043990367",
    ]

    def formula_2021_09_01(individu, period, parameters):
        """Décret 2021-1128 art. 2 I puts the EITI under the eligibility rules from 2021-09-01: one
        level-1 criterion, or three level-2 criteria (the platform's count, written into the arrêté
        for the EITI in 2025; see the parameter's notes)."""
        return _eligible(individu, period, parameters, "eiti")


class iae_public_prioritaire(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    end = "2021-08-31"
    label = "Relève des publics prioritaires de l'insertion par l'activité économique (avant le 1er septembre 2021)"
    reference = article("CT", "L5132-1", "LEGIARTI000019869574")

    def formula_2009_06_01(individu, period, parameters):
        """L5132-1 CT (before 2021-09-01): the sector is for jobless people with particular social and
        professional difficulties; the hire opened State aid only with the agrément of Pôle emploi,
        given after an individual diagnosis, and the circulars oriented it towards four publics:
        the long-term unemployed (registered 12 months or more), the recipients of minima sociaux
        (RSA, ASS, AAH), the young under 26 in great difficulty (read as: without any diploma) and
        disabled workers. No text closed this list: an indicator, not a legal condition."""
        prioritaire = parameters(period).iae.public_prioritaire
        minima = parent_beneficiaire_rsa(individu, period) + (individu("ass", period) > 0) + (individu("aah", period) > 0)
        chomage = individu("duree_inscription_france_travail", period) >= prioritaire.chomage_longue_duree_mois
        jeune = individu("iae_age", period) < prioritaire.jeune_age_limite
        niveau = niveau_nomenclature(individu, period)
        sans_qualification = (niveau > 0) * (niveau <= prioritaire.jeune_niveau_diplome_maximum)
        publics = minima + chomage + jeune * sans_qualification + individu("rqth", period)
        return individu("iae_age_minimum_embauche_atteint", period) * publics
