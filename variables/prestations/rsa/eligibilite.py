"""Who may receive the RSA (L262-4 to L262-8 CASF), each exclusion as a named variable."""

from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Individu,
    Variable,
    article,
    np,
)


class rsa_condition_age(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Remplit la condition d'âge du RSA (25 ans, charge d'enfant, grossesse, RSA jeune)"
    reference = [*article("CASF", "L262-4", "LEGIARTI000031087751"), *article("CASF", "L262-7-1")]

    def formula_2009_06_01(individu, period, parameters):
        """L262-4 1° CASF: being at least 25, or having a dependent child born or to be born."""
        conditions = parameters(period).prestations.rsa.conditions
        charge_enfant = individu.famille("rsa_nb_enfants", period) > 0
        enceinte = individu.famille.any(individu.famille.members("enceinte", period))
        return (individu("age", period) >= conditions.age_minimum) + charge_enfant + enceinte

    def formula_2010_09_01(individu, period, parameters):
        """L262-4 1° CASF as above; and from 2010-09-01 (L262-7-1, D262-25-1) the RSA jeune: from 18
        to 24, having worked 3 214 hours within the three years before the claim."""
        jeune = parameters(period).prestations.rsa.conditions.rsa_jeune
        age = individu("age", period)
        rsa_jeune = (
            (age >= jeune.age_minimum)
            * (age < jeune.age_maximum)
            * individu("rsa_jeune_condition_heures_travail_remplie", period)
        )
        return rsa_condition_age.formula_2009_06_01(individu, period, parameters) + rsa_jeune


class rsa_condition_nationalite(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Remplit la condition de nationalité ou de séjour du RSA"
    reference = [*article("CASF", "L262-4", "LEGIARTI000031087751"), *article("CASF", "L262-6")]

    def formula_2009_06_01(individu, period, parameters):
        """L262-4 2° CASF: a foreigner outside the EU/EEA/Switzerland must have held a residence permit
        allowing work for at least 5 years. L262-6: a national of the EU, the EEA or Switzerland must
        have resided in France for the 3 months before the claim (``duree_possession_titre_sejour``
        read as the length of residence), unless he or she works; the right of residence itself is
        assumed."""
        titre_sejour = parameters(period).prestations.rsa.conditions.titre_sejour
        francais = individu("nationalite", period).astype("U") == "FR"
        duree = individu("duree_possession_titre_sejour", period)
        residence_eee = (duree * 12 >= titre_sejour.duree_minimale_residence_eee_mois) + (
            individu("rsa_revenu_activite_individu", period) > 0
        )
        return (
            francais
            + individu("ressortissant_eee", period) * residence_eee
            + np.logical_not(individu("ressortissant_eee", period))
            * (duree >= titre_sejour.duree_minimale_hors_eee_annees)
        )


class rsa_exclusion_nationalite(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Exclu du RSA faute de remplir la condition de nationalité ou de séjour (hors RSA majoré)"
    reference = article("CASF", "L262-4", "LEGIARTI000031087751")

    def formula_2009_06_01(individu, period):
        """L262-4 2° CASF: the 5-year residence permit is required, except for persons entitled to the
        majoré amount of L262-9, who only need the lawful stay required for family benefits (L512-2
        CSS, assumed here)."""
        majore = individu.famille("rsa_majore_eligibilite", period)
        return np.logical_not(individu("rsa_condition_nationalite", period)) * np.logical_not(majore)


class rsa_exclusion_etudiant(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Exclu du RSA comme élève, étudiant ou stagiaire (hors droit au RSA majoré)"
    reference = article("CASF", "L262-4", "LEGIARTI000031087751")

    def formula_2009_06_01(individu, period):
        """L262-4 CASF: pupils, students and interns are excluded, unless the household is entitled
        to the majoré amount of L262-9."""
        majore = individu.famille("rsa_majore_eligibilite", period)
        en_etudes = individu("etudiant", period) + individu("stagiaire", period)
        return en_etudes * np.logical_not(majore)


class rsa_exclusion_conge(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Exclu du RSA pour congé parental, sabbatique, sans solde ou disponibilité (hors RSA majoré)"
    reference = article("CASF", "L262-4", "LEGIARTI000031087751")

    def formula_2009_06_01(individu, period):
        """L262-4 CASF: a person on parental, sabbatical or unpaid leave, or in disponibilité, is
        excluded, unless the household is entitled to the majoré amount of L262-9."""
        majore = individu.famille("rsa_majore_eligibilite", period)
        conge = individu("conge_non_remunere", period)
        en_conge = conge != conge.possible_values.aucun
        return en_conge * np.logical_not(majore)


class rsa_eligibilite_individu(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Cette personne peut être allocataire du RSA"
    reference = article("CASF", "L262-4", "LEGIARTI000031087751")

    def formula_2009_06_01(individu, period):
        """L262-4 CASF: age, nationality, and none of the exclusions."""
        return (
            individu("rsa_condition_age", period)
            * np.logical_not(individu("rsa_exclusion_nationalite", period))
            * np.logical_not(individu("rsa_exclusion_etudiant", period))
            * np.logical_not(individu("rsa_exclusion_conge", period))
        )


class rsa_eligibilite(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "Le foyer est éligible au RSA (un parent remplit les conditions)"
    reference = article("CASF", "L262-4", "LEGIARTI000031087751")

    def formula_2009_06_01(famille, period):
        """L262-4 CASF: the household is eligible when one of the parents can be the claimant (the
        spouse who fails the conditions of L262-5 is left out of the composition, see
        ``rsa_couple``); until 2016, its self-employed members must meet the conditions of L262-7
        (``rsa_eligibilite_tns``)."""
        eligible = famille.any(famille.members("rsa_eligibilite_individu", period), role=Famille.PARENT)
        return eligible * famille("rsa_eligibilite_tns", period)


class rsa_conjoint_compte(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Le conjoint est pris en compte dans le foyer RSA (conditions de séjour et de congé remplies)"
    reference = article("CASF", "L262-5")

    def formula_2009_06_01(individu, period):
        """L262-5 CASF: to be counted in the beneficiary's household, the spouse must meet the
        conditions of L262-4 2° (nationality or residence permit) and 4° (no unpaid leave), with the
        same exemptions."""
        return np.logical_not(individu("rsa_exclusion_nationalite", period)) * np.logical_not(
            individu("rsa_exclusion_conge", period)
        )


class rsa_eligibilite_tns(Variable):
    value_type = bool
    default_value = True
    entity = Famille
    definition_period = MONTH
    end = "2016-12-31"
    label = "Les travailleurs non salariés du foyer remplissent les conditions d'accès au RSA (jusqu'en 2016)"
    reference = [*article("CASF", "L262-7"), *article("CASF", "D262-16"), *article("CASF", "D262-17")]

    def formula_2009_06_01(famille, period, parameters):
        """L262-7 CASF (2009-2016): a self-employed parent may claim the RSA only without any
        employee and with a turnover of the last year within the ceiling of the micro regime of
        his activity (D262-16: sales, or services and non-commercial activities). A farmer's last
        profit known must not exceed 800 times the hourly SMIC of 1 January of that year (D262-17),
        raised by 50 % for the second person of the household and 30 % for each further person,
        40 % from the third person aged 17 to 25. Household members counted: the spouse and the
        dependent children aged 17 to 25 (aides familiaux and associés are not modelled). The
        revaluation of the turnover by the consumer-price index is not modelled."""
        tns = parameters(period).prestations.rsa.travailleurs_non_salaries
        annee = period.this_year.offset(-1, "year")
        parent = famille.members.has_role(Famille.PARENT)
        employeur = famille.any(famille.members("tns_avec_employe", period) * parent)

        chiffre = sum(famille.members("rpns_autres_revenus_chiffre_affaires", m) for m in annee.get_subperiods(MONTH))
        nature = famille.members("tns_autres_revenus_type_activite", period)
        plafond = np.where(
            nature == nature.possible_values.achat_revente,
            tns.plafond_chiffre_affaires_ventes,
            tns.plafond_chiffre_affaires_services,
        )
        chiffre_depasse = famille.any((chiffre > plafond) * parent)

        def benefice(an):
            return famille.sum(famille.members("rpns_benefice_exploitant_agricole", an) * parent)

        precedent = benefice(annee)
        annee_benefice = np.where(precedent > 0, annee.start.year, annee.start.year - 1)
        agricole = np.where(precedent > 0, precedent, benefice(annee.offset(-1, "year")))
        smic = np.where(
            annee_benefice == annee.start.year,
            parameters(annee.start).marche_travail.smic.horaire_brut,
            parameters(annee.offset(-1, "year").start).marche_travail.smic.horaire_brut,
        )
        age = famille.members("age", period)
        jeunes = famille.sum(famille.members("enfant_a_charge", period) * (age >= 17) * (age < 25), role=Famille.ENFANT)
        autres = famille("en_couple", period) + jeunes
        coefficient = (
            1
            + tns.majoration_plafond_agricole_deuxieme_personne * (autres >= 1)
            + tns.majoration_plafond_agricole_personne_supplementaire * np.maximum(autres - 1, 0)
            + (tns.majoration_plafond_agricole_a_partir_troisieme_personne - tns.majoration_plafond_agricole_personne_supplementaire)
            * np.maximum(jeunes - 2, 0)
        )
        agricole_depasse = agricole > tns.plafond_benefice_agricole_smic_horaire * smic * coefficient
        return np.logical_not(employeur + chiffre_depasse + agricole_depasse)
