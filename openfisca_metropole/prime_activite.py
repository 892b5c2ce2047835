"""The computation of the prime d'activité (CSS L842-3, R843-1, D843-1 to D843-4, R844-3), as functions
of a household, a month and a legislation.

The Variables in variables/prestations/prime_activite/ call these functions; the reform
``ppa_parametres_mois_de_reference`` calls them with another choice of legislation. Keeping them in
one module lets both share every rule.
"""

import numpy as np

from openfisca_metropole import regles_communes as regles
from openfisca_metropole.regles_communes import coefficient_composition, membre_du_foyer, membres_du_foyer

NOMBRE_MOIS_REFERENCE = 3


def parametres_du_droit(parameters, period, mois=None):
    """The legislation that computes the intermediate prime of the reference month ``mois`` for the
    amount due for ``period``: the legislation in force in the month due, whatever ``mois`` (R843-1
    CSS and the application clauses of the decrees; docs/prime_activite.md). The reform
    ``ppa_parametres_mois_de_reference`` replaces this choice."""
    return parameters(period)


def mois_reference(period, parameters):
    """The reference months of the month due ``period``, oldest first (R843-1 CSS)."""
    regle = parameters(period).prestations.prime_activite.ressources.mois_reference
    return regles.mois_reference(period, regle)


def smic_horaire(P):
    return P.marche_travail.smic.horaire_brut


def aah_en_activite(individu, mois, P):
    """L842-8 and D843-4 CSS: the AAH of the month counts as earned income when the other earned
    income reaches 29 times the hourly SMIC."""
    seuil = P.prestations.prime_activite.conditions.aah_seuil_revenus_activite_smic_horaire * smic_horaire(P)
    return individu("ppa_revenu_activite_individu", mois) >= seuil


def revenus_professionnels(individu, mois, P):
    """Earned income of the month ``mois``, the AAH included when it counts as such (L842-8)."""
    revenus = individu("ppa_revenu_activite_individu", mois)
    return revenus + aah_en_activite(individu, mois, P) * individu("aah", mois)


def aah_hors_activite(individu, mois, P):
    """The AAH of the month when it is not counted as earned income (L842-8 CSS)."""
    return np.logical_not(aah_en_activite(individu, mois, P)) * individu("aah", mois)


def bonification(individu, mois, P):
    """D843-2 CSS: nothing up to 59 times the hourly SMIC of earned income in the month, then rising
    linearly to its maximum (a share of the montant forfaitaire of one person, rounded to the cent)
    reached at the upper threshold (95, then 120 times the hourly SMIC), and flat above."""
    ppa = P.prestations.prime_activite
    bas = ppa.bonification.seuil_bas_smic_horaire * smic_horaire(P)
    haut = ppa.bonification.seuil_haut_smic_horaire * smic_horaire(P)
    maximum = np.round(ppa.bonification.taux_maximal * ppa.montant_forfaitaire, 2)
    revenus = revenus_professionnels(individu, mois, P)
    return np.clip(maximum * (revenus - bas) / (haut - bas), 0, maximum)


def montant_forfaitaire(famille, mois, P):
    """L842-3 1° and D843-1 CSS: the montant forfaitaire for the household's composition at the
    month ``mois`` (R843-1 II); L842-7: for an isolated parent or pregnant woman, 128.412 % of it
    plus 42.804 % per dependent child, when more."""
    ppa = P.prestations.prime_activite
    nb_enfants = famille("rsa_nb_enfants", mois)
    coefficient = coefficient_composition(famille("en_couple", mois), nb_enfants, ppa.majorations)
    taux_majore = ppa.majoration_isolement.taux_base + ppa.majoration_isolement.taux_par_enfant * nb_enfants
    majore = famille("rsa_majore_eligibilite", mois) * taux_majore
    return ppa.montant_forfaitaire * np.maximum(coefficient, majore)


def forfait_logement(famille, mois, P):
    """R844-3 CSS: the RSA's forfait logement rules, on the montant forfaitaire of the prime."""
    ppa = P.prestations.prime_activite
    nb_personnes = 1 + famille("en_couple", mois) + famille("rsa_nb_enfants", mois)
    return regles.forfait_logement(
        famille, mois, nb_personnes, ppa.montant_forfaitaire, ppa.majorations, ppa.forfait_logement
    )


def prime_du_mois(famille, mois, P):
    """L842-3 CSS: the intermediate prime of the reference month ``mois`` under the legislation
    ``P``: montant forfaitaire + pente × earned income + bonuses − max(montant forfaitaire,
    resources + forfait logement), floored at 0."""
    ppa = P.prestations.prime_activite
    membres = membres_du_foyer(famille, mois)
    revenus = famille.sum(revenus_professionnels(famille.members, mois, P) * membres)
    bonus = famille.sum(bonification(famille.members, mois, P) * membres)
    aah = famille.sum(aah_hors_activite(famille.members, mois, P) * membres)
    ressources = revenus + famille("ppa_ressources_hors_activite", mois) + aah
    forfaitaire = montant_forfaitaire(famille, mois, P)
    deduction = np.maximum(forfaitaire, ressources + forfait_logement(famille, mois, P))
    return np.maximum(forfaitaire + ppa.pente * revenus + bonus - deduction, 0)


def prime_intermediaire(famille, period, parameters, rang, legislation=parametres_du_droit):
    """The intermediate prime of the reference month of rank ``rang`` (0: the oldest) of the month
    due ``period``, under the legislation chosen by ``legislation(parameters, period, mois)``."""
    mois = mois_reference(period, parameters)[rang]
    return prime_du_mois(famille, mois, legislation(parameters, period, mois))


def bonification_moyenne(individu, period, parameters, legislation=parametres_du_droit):
    """The person's bonus averaged over the reference months of the month due ``period``."""
    mois = mois_reference(period, parameters)
    total = sum(
        bonification(individu, m, legislation(parameters, period, m)) * membre_du_foyer(individu, m) for m in mois
    )
    return total / len(mois)
