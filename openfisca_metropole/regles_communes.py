"""Rules shared by the RSA and the prime d'activité, written once.

The RSA (CASF L262-1 and following) and the prime d'activité (CSS L841-1 and following) share the
household (the claimant, the spouse and the dependent children), the composition coefficient of
the montant forfaitaire, the earned income they count, the housing advantage and the reference
months of the quarterly review. Variable files import these helpers; they hold no Variable.
"""

from __future__ import annotations

import numpy as np

from openfisca_metropole.entities import Famille

# Earned income (CASF R262-6 and R262-8; CSS L842-4 1° and R844-1): salaries and assimilated income,
# and the maternity, paternity and adoption allowances.
REVENUS_ACTIVITE = (
    "salaire_net",
    "remuneration_apprenti",
    "indemnites_stage",
    "revenus_stage_formation_pro",
    "indemnites_chomage_partiel",
    "rpns_auto_entrepreneur_benefice",
    "indemnites_journalieres_maternite",
    "indemnites_journalieres_paternite",
    "indemnites_journalieres_adoption",
)
# Sickness and work-accident allowances: earned income during the first months of the leave (CASF
# R262-8, CSS R844-1), other resources afterwards.
INDEMNITES_JOURNALIERES_TEMPORAIRES = (
    "indemnites_journalieres_maladie",
    "indemnites_journalieres_accident_travail",
    "indemnites_journalieres_maladie_professionnelle",
)
MOIS_IJ_REVENU_ACTIVITE = 3


def _reduction(groupe, valeurs, role, ufunc, neutre: float) -> np.ndarray:
    """One pass of ``ufunc.at`` over the members: what openfisca-core's ``max``/``min`` give (a float
    array, ``neutre`` for a group without a member of ``role``), without its loop over the positions
    of members in the group, which gathers the whole person array once per position."""
    valeurs = np.asarray(valeurs, dtype=float)
    identifiants = groupe.members_entity_id
    if role is not None:
        garde = groupe.members.has_role(role)
        valeurs, identifiants = valeurs[garde], identifiants[garde]
    resultat = np.full(groupe.count, neutre)
    ufunc.at(resultat, identifiants, valeurs)
    return resultat


def maximum_du_groupe(groupe, valeurs, role=None) -> np.ndarray:
    """The largest value among the members (of ``role``) of each group; -inf for none."""
    return _reduction(groupe, valeurs, role, np.maximum, -np.inf)


def minimum_du_groupe(groupe, valeurs, role=None) -> np.ndarray:
    """The smallest value among the members (of ``role``) of each group; +inf for none."""
    return _reduction(groupe, valeurs, role, np.minimum, np.inf)


def tous_du_groupe(groupe, valeurs, role=None) -> np.ndarray:
    """True when every member (of ``role``) of the group is; true for a group with none."""
    return groupe.sum(np.logical_not(valeurs), role=role) == 0


def mois_reference(period, regle) -> list:
    """The reference months of the month ``period``, oldest first.

    ``regle`` is a dated parameter node with ``decalage`` (months between ``period`` and the latest
    reference month) and ``nombre`` (how many months): 1 and 3 for M-3..M-1, 2 and 3 for M-4..M-2
    (décret 2025-185 for the RSA and the prime d'activité).
    """
    dernier = period.offset(-int(regle.decalage), "month")
    return [dernier.offset(-k, "month") for k in reversed(range(int(regle.nombre)))]


def moyenne(population, noms, mois) -> np.ndarray:
    """Monthly average over ``mois`` of the sum of the variables ``noms``."""
    return sum(population(nom, m) for nom in noms for m in mois) / len(mois)


def membre_du_foyer(individu, period) -> np.ndarray:
    """The person's resources count: a parent or a dependent child (CASF L262-3, CSS L842-4)."""
    return individu.has_role(Famille.PARENT) + individu("enfant_a_charge", period)


def membres_du_foyer(famille, period) -> np.ndarray:
    """``membre_du_foyer`` as a mask over the famille's members."""
    return membre_du_foyer(famille.members, period)


def indemnites_journalieres_temporaires(individu, mois, en_activite: bool) -> np.ndarray:
    """Monthly average over ``mois`` of the sickness and work-accident allowances received during
    the first months of the leave (``en_activite``: counted as earned income) or after them."""
    arret = individu("date_arret_de_travail", mois[-1]).astype("datetime64[M]")
    total = 0
    for m in mois:
        debut = np.datetime64(f"{m.start.year:04d}-{m.start.month:02d}", "M")
        premiers_mois = (debut - arret).astype(int) < MOIS_IJ_REVENU_ACTIVITE
        ij = sum(individu(nom, m) for nom in INDEMNITES_JOURNALIERES_TEMPORAIRES)
        total = total + ij * (premiers_mois == en_activite)
    return total / len(mois)


def coefficient_composition(en_couple, nb_enfants, majorations) -> np.ndarray:
    """CASF R262-1 and CSS D843-1: 1 + 50 % for the 2nd person + 30 % for the 3rd (and the 4th in a
    couple) + 40 % for each further person. ``majorations`` holds the three rates."""
    nb_personnes = 1 + en_couple + nb_enfants
    troisieme_taux = np.where(en_couple, 2, 1)  # persons raised by 30 %: the 3rd, and the 4th in a couple
    a_30 = np.clip(nb_personnes - 2, 0, troisieme_taux)
    a_40 = np.maximum(nb_personnes - 2 - a_30, 0)
    return (
        1
        + majorations.deuxieme_personne * (nb_personnes >= 2)
        + majorations.troisieme_personne * a_30
        + majorations.enfant_supplementaire * a_40
    )


def par_taille(nb_personnes, un, deux, trois_ou_plus) -> np.ndarray:
    """The value for a household of one, two, or three persons or more."""
    return np.select([nb_personnes <= 1, nb_personnes == 2], [un, deux], trois_ou_plus)


def montant_forfaitaire_par_taille(montant_forfaitaire, majorations, nb_personnes) -> np.ndarray:
    """The montant forfaitaire of one, two, or three persons (three or more), on which the housing
    forfaits of the RSA, the prime d'activité and the CSS are computed."""
    return montant_forfaitaire * par_taille(
        nb_personnes,
        1,
        1 + majorations.deuxieme_personne,
        1 + majorations.deuxieme_personne + majorations.troisieme_personne,
    )


def forfait_logement(famille, period, nb_personnes, montant_forfaitaire, majorations, taux) -> np.ndarray:
    """The housing advantage (CASF R262-9 and R262-10; CSS R844-3): a share of the montant
    forfaitaire of one, two or three persons (``taux``: 1, 2, 3+ persons), deducted in full from an
    owner without a loan or a person housed free, within the housing aid received otherwise."""
    forfait = montant_forfaitaire_par_taille(montant_forfaitaire, majorations, nb_personnes) * par_taille(
        nb_personnes, taux.taux_1_personne, taux.taux_2_personnes, taux.taux_3_personnes_ou_plus
    )
    statut = famille.demandeur.menage("statut_occupation_logement", period)
    statuts = statut.possible_values
    loyer = famille.demandeur.menage("loyer", period)
    participation = famille.demandeur.menage("participation_frais", period)
    loge_sans_loyer = (
        (statut == statuts.proprietaire)
        + (statut == statuts.primo_accedant) * (loyer <= 0)
        + (statut == statuts.loge_gratuitement) * np.logical_not(participation)
    )
    aide_logement = famille("aide_logement", period)
    return np.where(aide_logement > 0, np.minimum(aide_logement, forfait), loge_sans_loyer * forfait)
