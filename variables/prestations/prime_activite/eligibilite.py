"""Who may receive the prime d'activité (CSS L842-1 and L842-2)."""

from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Individu,
    Variable,
    article,
    np,
)
from openfisca_metropole.prime_activite import mois_reference


class ppa_apprenant(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Élève, étudiant, stagiaire ou apprenti (condition de revenus de la prime d'activité)"
    reference = article("CSS", "L842-2")

    def formula(individu, period):
        """L842-2 CSS: pupils, students, interns and apprentices."""
        return individu("etudiant", period) + individu("stagiaire", period) + individu("apprenti", period)


class ppa_plancher_revenu_activite_apprenant(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Revenus professionnels qu'un apprenant doit dépasser chaque mois de référence (prime d'activité)"
    unit = "currency-EUR"
    reference = [*article("CSS", "L842-2"), *article("CSS", "R512-2")]

    def formula_2016_01_01(individu, period, parameters):
        """L842-2 CSS: the earnings ceiling of a dependent child for family benefits (R512-2:
        55 % of 169 times the hourly SMIC), in force in the month due."""
        P = parameters(period)
        return P.prestations.prime_activite.conditions.plancher_etudiant_apprenti_smic_horaire * (
            P.marche_travail.smic.horaire_brut
        )


class ppa_exclusion_apprenant(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Apprenant exclu de la prime d'activité faute de revenus suffisants chaque mois de référence"
    reference = article("CSS", "L842-2")

    def formula_2016_01_01(individu, period, parameters):
        """L842-2 CSS: a pupil, student, intern or apprentice can claim the prime only if his or her
        earned income exceeded the floor in each month of the reference period, unless the
        household is entitled to the majoration for an isolated parent (L842-7)."""
        plancher = individu("ppa_plancher_revenu_activite_apprenant", period)
        au_dessus = np.ones_like(plancher, dtype=bool)
        for mois in mois_reference(period, parameters):
            au_dessus = au_dessus * (individu("ppa_revenu_activite_individu", mois) > plancher)
        majore = individu.famille("rsa_majore_eligibilite", period)
        return individu("ppa_apprenant", period) * np.logical_not(au_dessus) * np.logical_not(majore)


class ppa_eligibilite_individu(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Cette personne peut être bénéficiaire de la prime d'activité"
    reference = [*article("CSS", "L842-1"), *article("CSS", "L842-2")]

    def formula_2016_01_01(individu, period, parameters):
        """L842-1 CSS: a person who receives income from a professional activity (here: earned income
        in at least one reference month). L842-2: at least 18 years old; French, or meeting the
        residence conditions of the RSA (5-year permit outside the EU/EEA/Switzerland) unless
        entitled to the majoration for an isolated parent; not an apprenant below the earnings
        floor."""
        age_minimum = parameters(period).prestations.prime_activite.conditions.age_minimum
        mois = mois_reference(period, parameters)
        activite = sum(individu("ppa_revenu_activite_individu", m) > 0 for m in mois) > 0
        nationalite = individu("rsa_condition_nationalite", period) + individu.famille(
            "rsa_majore_eligibilite", period
        )
        return (
            (individu("age", period) >= age_minimum)
            * activite
            * nationalite
            * np.logical_not(individu("ppa_exclusion_apprenant", period))
        )


class ppa_eligibilite(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "Le foyer est éligible à la prime d'activité (un parent remplit les conditions)"
    reference = [*article("CSS", "L842-1"), *article("CSS", "L842-2")]

    def formula_2016_01_01(famille, period):
        """L842-1 CSS: the household is eligible when one of the parents can be the claimant."""
        return famille.any(famille.members("ppa_eligibilite_individu", period), role=Famille.PARENT)
