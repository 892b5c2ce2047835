"""Resources of the CMU-C / CSS household over the twelve months of the reference period
(CSS R861-4 to R861-10, R861-15).

All the household's resources of the reference period count, with the exclusions of L861-2 (the
RSA, the prime d'activité, housing aid except through its forfait) and R861-10 (the PAJE...),
the abattements on the AAH, the ASI and the ASPA, the 30 % abatement on the earnings of a person who
has since lost them, and a forfait for the housing advantage. Amounts are totals over the twelve
months, compared with annual ceilings.
"""

from openfisca_metropole.complementaire_sante import (
    ALLOCATIONS_APRES_ABATTEMENT,
    ASPA_APRES_ABATTEMENT,
    PRESTATIONS_FAMILIALES,
    REMUNERATIONS_ACTIVITE,
    RESSOURCES_INDIVIDUELLES,
    REVENUS_DE_SUBSTITUTION,
    periode_reference,
)
from openfisca_metropole.model_api import (
    ADD,
    MONTH,
    Famille,
    Individu,
    Variable,
    article,
    np,
)
from openfisca_metropole.regles_communes import montant_forfaitaire_par_taille, par_taille


class css_aah_retenue(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "AAH du mois comptée dans les ressources de la CMU-C / CSS, après abattement"
    unit = "currency-EUR"
    reference = article("CSS", "L861-2")

    def formula(individu, period):
        """Before the abattement, the AAH counts in full."""
        return individu("aah", period)

    def formula_2019_11_01(individu, period, parameters):
        """The AAH of the month less the monthly abattement that keeps its exceptional increases of
        2018-2019 from raising the recipient above the ceiling (68 €), never below zero."""
        abattement = parameters(period).prestations.complementaire_sante.abattements.aah
        return np.maximum(individu("aah", period) - abattement, 0)


class css_asi_retenue(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "ASI du mois comptée dans les ressources de la CMU-C / CSS, après abattement"
    unit = "currency-EUR"
    reference = article("CSS", "L861-2")

    def formula(individu, period):
        """Before the abattement, the ASI counts in full."""
        return individu("asi", period)

    def formula_2020_04_01(individu, period, parameters):
        """The ASI of the month less a monthly abattement: the single amount for a person who is the
        only recipient of the couple, half the couple amount each when both partners receive it;
        never below zero."""
        abattements = parameters(period).prestations.complementaire_sante.abattements.asi
        asi = individu("asi", period)
        famille = individu.famille
        parent = individu.has_role(Famille.PARENT)
        beneficiaires = famille.sum(parent * (asi > 0), role=Famille.PARENT)
        deux = beneficiaires >= 2
        abattement = np.where(deux * parent, abattements.couple / 2, abattements.personne_seule)
        return np.maximum(asi - abattement * (asi > 0), 0)


class css_aspa_retenue(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "ASPA du mois comptée dans les ressources de la CMU-C / CSS, après abattement"
    unit = "currency-EUR"
    reference = article("CSS", "L861-2")

    def formula(famille, period):
        """Before the abattement, the ASPA counts in full."""
        return famille("aspa", period)

    def formula_2020_04_01(famille, period, parameters):
        """The ASPA of the month less a monthly abattement: the single amount for a person alone,
        the couple amount for a couple (one or both partners receiving it); never below zero."""
        abattements = parameters(period).prestations.complementaire_sante.abattements.aspa_asv
        abattement = np.where(famille("en_couple", period), abattements.couple, abattements.personne_seule)
        aspa = famille("aspa", period)
        return np.maximum(aspa - abattement * (aspa > 0), 0)


class css_revenus_patrimoine(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Revenus réputés procurés par les biens non productifs de revenus, par mois (CMU-C / CSS)"
    unit = "currency-EUR"
    reference = article("CSS", "R861-6")

    def formula(individu, period, parameters):
        """R861-6 CSS: unrented built property is deemed to yield 50 % of its annual rental value,
        unrented land 80 %; one twelfth a month. Savings that yield an income count for their taxable
        income only (R861-4): the tax-exempt interest of a Livret A counts for nothing."""
        taux = parameters(period).prestations.complementaire_sante.ressources.patrimoine
        annuel = (
            individu("valeur_locative_immo_non_loue", period) * taux.taux_valeur_locative_immeubles
            + individu("valeur_locative_terrains_non_loues", period) * taux.taux_valeur_locative_terrains
        )
        return annuel / 12

    def formula_2025_07_01(individu, period):
        """R861-6 no longer applies from 2025-07-01 (décret 2025-588: R861-4 stops citing it)."""
        return individu.filled_array(0.0)


class css_abattement_revenus_activite(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Les rémunérations d'activité de la période de référence sont réduites de 30 % (CMU-C / CSS)"
    reference = article("CSS", "R861-8")

    def formula(individu, period):
        """R861-8 CSS: the earnings of the reference period are reduced by 30 % for a person who, at
        the time of the claim, receives an unemployment benefit (total or partial unemployment) or
        the ASS, has been on sick leave for more than six months, or is without a job and paid a
        training stipend. The case of a person in custody is not modelled."""
        chomage = (individu("chomage_net", period) > 0) + (individu("indemnites_chomage_partiel", period) > 0)
        ass = individu("ass", period) > 0
        # More than six months of leave on the first day of the claim month.
        six_mois_avant = np.datetime64(period.start.offset(-6, "month").date, "D")
        arret = individu("date_arret_de_travail", period).astype("datetime64[D]")
        connue = arret > np.datetime64("0001-01-01", "D")  # without the start date, no abatement
        maladie = (individu("indemnites_journalieres_maladie", period) > 0) * connue * (arret < six_mois_avant)
        formation = (individu("revenus_stage_formation_pro", period) > 0) * (individu("salaire_net", period) <= 0)
        return chomage + ass + maladie + formation


class css_ressources_individu(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Ressources de la personne sur les douze mois de référence (CMU-C / CSS)"
    unit = "currency-EUR"
    reference = [
        *article("CSS", "R861-4"),
        *article("CSS", "R861-8"),
        *article("CSS", "R861-10"),
        *article("CSS", "R861-15"),
    ]

    def formula(individu, period, parameters):
        """R861-4 and R861-8 CSS: the person's resources received over the twelve months of the
        reference period: earnings, replacement income, pensions, alimony received (less alimony
        paid), capital and rental income, the notional income of property that yields none (R861-6),
        the AAH and the ASI after their abattements. The earnings are reduced by 30 % for a person
        now without them (R861-8). A training stipend that has stopped at the time of the claim
        without an unemployment benefit replacing it is left out. The self-employed (R861-15) count
        the profit of the last calendar year; micro-entrepreneurs their monthly profits."""
        reference = periode_reference(period, parameters)
        comptees = (*RESSOURCES_INDIVIDUELLES, *ALLOCATIONS_APRES_ABATTEMENT.values(), "css_revenus_patrimoine")
        total = sum(individu(nom, reference, options=[ADD]) for nom in comptees)
        taux = parameters(period).prestations.complementaire_sante.abattement_revenus_activite_chomage
        remunerations = sum(individu(nom, reference, options=[ADD]) for nom in REMUNERATIONS_ACTIVITE)
        abattement = individu("css_abattement_revenus_activite", period) * taux * remunerations
        formation = individu("revenus_stage_formation_pro", reference, options=[ADD])
        substitution = sum(individu(nom, period) for nom in REVENUS_DE_SUBSTITUTION) > 0
        cessee = (individu("revenus_stage_formation_pro", period) <= 0) * np.logical_not(substitution)
        annee = period.this_year.offset(-1, "year")
        non_salaries = sum(
            np.maximum(individu(nom, annee), 0)
            for nom in ("rpns_benefice_exploitant_agricole", "rpns_autres_revenus")
        )
        versees = individu("pensions_alimentaires_versees_individu", reference, options=[ADD])
        return total - abattement + formation * np.logical_not(cessee) + non_salaries - versees


class css_forfait_logement(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Forfait logement ajouté aux ressources de la CMU-C / CSS, sur les douze mois de référence"
    unit = "currency-EUR"
    reference = [*article("CSS", "R861-5"), *article("CSS", "R861-7")]

    def formula(famille, period, parameters):
        """R861-7 CSS: a housing aid received counts, each month, within a forfait of 12 %, 16 % or
        16.5 % of the RSA montant forfaitaire for one, two, or three persons (three or more in the
        foyer). R861-5: an owner who receives no housing aid, or a household housed free of charge,
        adds the benefit in kind of its housing, 12 %, 14 % or 14 % of the same amounts, for each of
        the twelve months. The RSA montant forfaitaire is the one in force in the month of the claim."""
        P = parameters(period)
        taux = P.prestations.complementaire_sante.forfait_logement
        rsa = P.prestations.rsa
        n = famille("css_nb_personnes", period)
        base = montant_forfaitaire_par_taille(rsa.montant_forfaitaire, rsa.majorations, n)
        plafond_aide = base * par_taille(
            n,
            taux.aide_logement_taux_1_personne,
            taux.aide_logement_taux_2_personnes,
            taux.aide_logement_taux_3_personnes_ou_plus,
        )
        avantage = base * par_taille(
            n,
            taux.proprietaire_ou_heberge_taux_1_personne,
            taux.proprietaire_ou_heberge_taux_2_personnes,
            taux.proprietaire_ou_heberge_taux_3_personnes_ou_plus,
        )
        reference = periode_reference(period, parameters)
        aide = 0
        for mois in reference.get_subperiods(MONTH):
            aide = aide + np.minimum(famille("aide_logement", mois), plafond_aide)
        statut = famille.demandeur.menage("statut_occupation_logement", period)
        statuts = statut.possible_values
        gratuit = (statut == statuts.loge_gratuitement) * np.logical_not(
            famille.demandeur.menage("participation_frais", period)
        )
        # An owner still repaying a loan is an owner: R861-5 draws no distinction.
        sans_loyer = (statut == statuts.proprietaire) + (statut == statuts.primo_accedant) + gratuit
        return np.where(aide > 0, aide, sans_loyer * 12 * avantage)


class css_ressources(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Ressources du foyer sur les douze mois de référence, comparées aux plafonds de la CMU-C / CSS"
    unit = "currency-EUR"
    reference = [*article("CSS", "R861-4"), *article("CSS", "R861-8"), *article("CSS", "R861-10")]
    documentation = "Montant annuel. Dans openfisca-france : ``css_cmu_base_ressources``."

    def formula(famille, period, parameters):
        """R861-4 CSS: the resources of every member of the foyer (parents and dependants), the
        family benefits that count, and the forfait logement."""
        membres = famille.members
        individuelles = famille.sum(
            membres("css_ressources_individu", period) * membres("css_membre_du_foyer", period)
        )
        reference = periode_reference(period, parameters)
        comptees = (*PRESTATIONS_FAMILIALES, *ASPA_APRES_ABATTEMENT.values())
        prestations = sum(famille(nom, reference, options=[ADD]) for nom in comptees)
        return individuelles + prestations + famille("css_forfait_logement", period)
