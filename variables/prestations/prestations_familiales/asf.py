"""Allocation de soutien familial (L523-1 to L523-3, R523-7, D523-3 CSS)."""

from openfisca_metropole.model_api import (
    MONTH,
    Enum,
    Famille,
    Individu,
    Variable,
    article,
    date,
    np,
    set_input_dispatch_by_period,
    set_input_divide_by_period,
)
from openfisca_metropole.prestations_familiales import pf

ASF_DIFFERENTIELLE = date(2016, 4, 1)  # loi 2014-873, art. 27: ASF completing a low alimony


class PrivationSoutien(Enum):
    __order__ = "aucune un_parent deux_parents"
    aucune = "L'enfant n'est privé du soutien d'aucun parent"
    un_parent = "L'enfant est privé du soutien de l'un de ses parents"
    deux_parents = "L'enfant est privé du soutien de ses deux parents"


class asf_privation_soutien(Variable):
    value_type = Enum
    possible_values = PrivationSoutien
    default_value = PrivationSoutien.aucune
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Enfant orphelin, non reconnu ou privé de l'aide d'un parent ou des deux (ASF)"
    reference = article("CSS", "L523-1")
    documentation = """Par défaut, comme dans openfisca-france, un enfant à charge d'un parent seul est
    privé du soutien de l'autre parent : son parent isolé qui ne reçoit pas de pension alimentaire
    (ou une pension inférieure à l'ASF depuis avril 2016) a droit à l'ASF. À saisir pour un enfant
    dont l'autre parent contribue hors pension déclarée (``aucune``), ou orphelin de ses deux
    parents ou recueilli (``deux_parents``)."""

    def formula(individu, period):
        """L523-1 CSS (default): the dependent child of a parent alone misses the other parent."""
        enfant = individu("prestations_familiales_enfant_a_charge", period)
        seul = individu.famille("nb_parents", period) == 1
        # Indices rather than members: openfisca-core encodes an array of members one by one.
        return np.where(enfant * seul, PrivationSoutien.un_parent.index, PrivationSoutien.aucune.index)


class asf(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Allocation de soutien familial (ASF, montant brut)"
    unit = "currency-EUR"
    reference = [*article("CSS", "L523-1"), *article("CSS", "R523-7"), *article("CSS", "D523-3")]
    documentation = """Calculée quand elle n'est pas saisie ; un montant saisi remplace le calcul."""

    def formula(famille, period, parameters):
        """L523-1 and R523-7 CSS: for each dependent child missing one parent, to a parent who lives
        alone, a share of the BMAF; a higher share for a child missing both parents. Before April 2016
        it is due only when no alimony is received; since then (ASF différentielle) it completes the
        alimony received. Not paid below 15 € a month since July 2018 (D523-3)."""
        parametres = pf(parameters, period)
        taux = famille.members("asf_taux_enfant", period)
        montant = famille.sum(taux, role=Famille.ENFANT) * parametres.bmaf
        pensions = famille.sum(famille.members("pensions_alimentaires_percues", period), role=Famille.PARENT)
        if period.start.date >= ASF_DIFFERENTIELLE:
            montant = np.maximum(montant - pensions, 0)
        else:
            montant = montant * (pensions <= 0)
        return montant * (montant >= parametres.asf.montant_minimum_verse)


class asf_taux_enfant(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Part de la BMAF due au titre de l'ASF pour cet enfant (0 s'il n'y ouvre pas droit)"
    unit = "/1"
    reference = [*article("CSS", "L523-1"), *article("CSS", "R523-7")]

    def formula(individu, period, parameters):
        """L523-1 and R523-7 CSS: a dependent child missing both parents opens the higher share; a
        dependent child missing one parent opens the lower share when the parent who has them lives
        alone; any other child opens none."""
        asf_p = pf(parameters, period).asf
        privation = individu("asf_privation_soutien", period)
        enfant = individu("prestations_familiales_enfant_a_charge", period)
        seul = individu.famille("nb_parents", period) == 1
        taux = np.select(
            [privation == PrivationSoutien.deux_parents, (privation == PrivationSoutien.un_parent) * seul],
            [asf_p.taux_prive_deux_parents, asf_p.taux_prive_un_parent],
            0,
        )
        return enfant * taux
