"""The administrative criteria of eligibility to a pathway in the insertion-through-work sector.

From 2021-09-01 (R5132-1-7 Code du travail, décret 2021-1128; arrêté du 1er septembre 2021, annex 2)
a person is eligible through one level-1 criterion (RSA, ASS, AAH, very-long-term unemployment) or
enough level-2 criteria. One variable per criterion, named after the criterion codes of the State's
platform (les-emplois): ``iae_critere_<code>``. Before 2021-09-01 they are all false (the agrément of
Pôle emploi did not rest on these criteria; see ``iae_public_prioritaire``).
"""

from openfisca_metropole.iae import REFERENCE, niveau_nomenclature, parent_beneficiaire_rsa
from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Individu,
    Variable,
    article,
    np,
)


class beneficiaire_rsa(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "La famille perçoit le RSA ce mois"
    reference = article("CASF", "L262-1")
    documentation = """Calculé par nos règles du RSA (``rsa`` > 0) quand il n'est pas déclaré : c'est
    alors un droit, qui n'est perçu que s'il est demandé. Une famille qui déclare percevoir (ou ne pas
    percevoir) le RSA donne cette variable en entrée, ce qui remplace le calcul."""

    def formula(famille, period):
        """L262-1 CASF: the famille receives the RSA when an amount is due for the month."""
        return famille("rsa", period) > 0


class iae_age(Variable):
    value_type = int
    entity = Individu
    definition_period = MONTH
    label = "Âge en années révolues au jour du diagnostic d'éligibilité à l'IAE"
    unit = "year"
    reference = REFERENCE

    def formula(individu, period):
        """Completed years on the day of the diagnosis (``iae_date_diagnostic``): the age on the
        first day of the month, plus one when the birthday falls after the 1st and on or before
        that day. Without a date of birth (the default 1 January never falls after the 1st) it is
        the age of the first day of the month, however the age was given. A diagnosis date outside
        the month (the default of a person whose date was not given while another's was) counts as
        the first day of the month."""
        debut = np.datetime64(period.start.date, "D")
        fin = np.datetime64(period.stop.date, "D")
        jour = individu("iae_date_diagnostic", period).astype("datetime64[D]")
        jour = np.where((jour >= debut) * (jour <= fin), jour, debut)
        naissance = individu("date_naissance", period).astype("datetime64[D]")
        quantieme = (naissance - naissance.astype("datetime64[M]").astype("datetime64[D]")).astype(int) + 1
        meme_mois = (naissance.astype("datetime64[M]").astype(int) % 12) == (period.start.month - 1)
        jour_du_mois = (jour - debut).astype(int) + 1
        anniversaire = meme_mois * (quantieme > 1) * (quantieme <= jour_du_mois)
        return individu("age", period) + anniversaire


class iae_critere_rsa(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 1 : bénéficiaire du RSA"
    reference = REFERENCE

    def formula_2021_09_01(individu, period):
        """R5132-1-7 II 1° CT: a recipient of the RSA (L262-1 CASF). The recipients are the claimant and
        the spouse (L262-28 CASF puts the rights and duties on both), not the dependent children."""
        return parent_beneficiaire_rsa(individu, period)


class iae_critere_ass(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 1 : bénéficiaire de l'allocation de solidarité spécifique (ASS)"
    reference = REFERENCE

    def formula_2021_09_01(individu, period):
        """R5132-1-7 II 1° CT: a recipient of the ASS (L5423-1 CT) in the month."""
        return individu("ass", period) > 0


class iae_critere_aah(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 1 : bénéficiaire de l'allocation aux adultes handicapés (AAH)"
    reference = REFERENCE

    def formula_2021_09_01(individu, period):
        """R5132-1-7 II 1° CT: a recipient of the AAH (L821-1 CSS) in the month."""
        return individu("aah", period) > 0


class iae_critere_detld(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 1 : demandeur d'emploi de très longue durée (24 mois ou plus)"
    reference = REFERENCE

    def formula_2021_09_01(individu, period, parameters):
        """R5132-1-7 II 2° CT: a jobseeker for 24 months or more (level 1)."""
        seuil = parameters(period).iae.inscription_france_travail.detld_mois_minimum
        return individu("duree_inscription_france_travail", period) >= seuil


class iae_critere_deld(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : demandeur d'emploi de longue durée (12 à 23 mois)"
    reference = REFERENCE

    def formula_2021_09_01(individu, period, parameters):
        """Arrêté annex 2, level 2: a jobseeker registered for 12 months or more but less than 24 (from
        24 months the level-1 criterion takes over: the two never go together)."""
        seuils = parameters(period).iae.inscription_france_travail
        duree = individu("duree_inscription_france_travail", period)
        return (duree >= seuils.deld_mois_minimum) * (duree < seuils.detld_mois_minimum)


class iae_critere_cap_bep(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : niveau d'étude 3 (CAP, BEP) ou infra"
    reference = REFERENCE

    def formula_2021_09_01(individu, period, parameters):
        """Arrêté annex 2, level 2: a level of study of 3 in the 2019 nomenclature (CAP, BEP) or
        below. An unknown level does not meet it."""
        maximum = parameters(period).iae.niveau_diplome_maximum
        niveau = niveau_nomenclature(individu, period)
        return (niveau > 0) * (niveau <= maximum)


class iae_critere_senior(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : senior (50 ans ou plus)"
    reference = REFERENCE

    def formula_2021_09_01(individu, period, parameters):
        """Arrêté annex 2, level 2: aged 50 or more on the day of the diagnosis."""
        return individu("iae_age", period) >= parameters(period).iae.age.senior_age_minimum


class iae_critere_jeune(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : jeune (moins de 26 ans)"
    reference = REFERENCE

    def formula_2021_09_01(individu, period, parameters):
        """Arrêté annex 2, level 2: under 26 on the day of the diagnosis."""
        return individu("iae_age", period) < parameters(period).iae.age.jeune_age_limite


class iae_critere_ase(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : sortant de l'aide sociale à l'enfance"
    reference = REFERENCE

    def formula_2021_09_01(individu, period):
        """Arrêté annex 2, level 2: leaving child welfare (aide sociale à l'enfance)."""
        return individu("sortant_ase", period)


class iae_critere_th(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : travailleur handicapé"
    reference = REFERENCE

    def formula_2021_09_01(individu, period):
        """Arrêté annex 2, level 2: a worker recognised as disabled (RQTH, L5213-1 CT), the decision
        the annex asks as proof."""
        return individu("rqth", period)


class iae_critere_pi(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : parent isolé"
    reference = REFERENCE

    def formula_2021_09_01(individu, period):
        """Arrêté annex 2, level 2: a single parent (``parent_isole``: derived from the famille, or
        declared)."""
        return individu("parent_isole", period)


class iae_critere_psh_pr(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : sans hébergement, hébergé ou ayant un parcours de rue"
    reference = REFERENCE

    def formula_2021_09_01(individu, period):
        """Arrêté annex 2, level 2: a person without housing, hosted, or with a history of living on
        the street."""
        return individu("sans_domicile", period)


class iae_critere_ref_da(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : réfugié, protection subsidiaire ou temporaire, demandeur d'asile"
    reference = REFERENCE

    def formula_2021_09_01(individu, period):
        """Arrêté annex 2, level 2: a refugee, a beneficiary of subsidiary or temporary protection, or
        an asylum seeker."""
        return individu("refugie_ou_demandeur_asile", period)


class iae_critere_zrr(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : résident d'une ZRR (puis France Ruralités Revitalisation)"
    reference = REFERENCE

    def formula_2021_09_01(individu, period):
        """Arrêté annex 2, level 2: living in a rural revitalisation zone (France Ruralités
        Revitalisation since 2024-07-01)."""
        return individu.menage("zrr", period)


class iae_critere_qpv(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : résident d'un quartier prioritaire de la politique de la ville"
    reference = REFERENCE

    def formula_2021_09_01(individu, period):
        """Arrêté annex 2, level 2: living in a priority neighbourhood of the city policy (QPV)."""
        return individu.menage("qpv", period)


class iae_critere_detention_mj(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : sortant de détention ou placé sous main de justice"
    reference = REFERENCE

    def formula_2021_09_01(individu, period):
        """Arrêté annex 2, level 2: released from detention or under judicial supervision."""
        return individu("sortant_detention_ou_sous_main_justice", period)


class iae_critere_fle(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : maîtrise de la langue française inférieure au niveau A1"
    reference = REFERENCE

    def formula_2021_09_01(individu, period):
        """Arrêté annex 2, level 2: a command of French below level A1."""
        return individu("niveau_francais_inferieur_a1", period)


class iae_critere_pm(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Critère IAE de niveau 2 : problème de mobilité"
    reference = REFERENCE

    def formula_2021_09_01(individu, period):
        """Arrêté annex 2, level 2: a mobility problem."""
        return individu("probleme_mobilite", period)
