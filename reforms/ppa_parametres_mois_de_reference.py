"""Counterfactual: each intermediate prime of the prime d'activité under its own month's legislation.

This engine computes the three intermediate primes of the amount due for a month M with the
legislation in force in M (docs/prime_activite.md). openfisca-france computes each with the
legislation of its reference month, so that an April revaluation reaches the amount due in full
only in July. This reform applies that other reading, to measure the difference and to compare
with openfisca-france like for like. Reference months before January 2016 use the legislation of
January 2016, when the prime d'activité began. Under this reading the bonus reform of décret
2018-1197, which applies to "the monthly earnings received from October 2018", dates from
2018-10-01 (2019-01-01, the first month due whose reference months are all from October 2018 on,
in the baseline).

    openfisca serve -c openfisca_metropole -r openfisca_metropole.reforms.ppa_parametres_mois_de_reference.ppa_parametres_mois_de_reference
"""

from openfisca_core import periods
from openfisca_core.reforms import Reform

from openfisca_metropole.entities import Famille, Individu
from openfisca_metropole.model_api import MONTH, Variable
from openfisca_metropole.prime_activite import bonification_moyenne, prime_intermediaire

DEBUT = periods.period("2016-01")
BONIFICATION_2018 = {"seuil_haut_smic_horaire": 120, "taux_maximal": 0.29101}


def _bonification_des_revenus_d_octobre_2018(parameters):
    """Décret 2018-1197 read on the reference month: its values from October 2018."""
    bonification = parameters.prestations.prime_activite.bonification
    for nom, valeur in BONIFICATION_2018.items():
        bonification.children[nom].update(start=periods.instant("2018-10-01"), stop=periods.instant("2018-12-31"), value=valeur)
    return parameters


def legislation_du_mois_de_reference(parameters, period, mois):
    """The legislation in force in the reference month ``mois`` (January 2016 at the earliest)."""
    return parameters(max(mois, DEBUT, key=lambda p: p.start))


def _prime(rang):
    def formula_2016_01_01(famille, period, parameters):
        """The intermediate prime under the legislation of its own reference month."""
        return prime_intermediaire(famille, period, parameters, rang, legislation_du_mois_de_reference)

    return formula_2016_01_01


class ppa_prime_mois_reference_1(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Prime d'activité intermédiaire du premier mois de référence (législation de ce mois)"
    formula_2016_01_01 = _prime(0)


class ppa_prime_mois_reference_2(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Prime d'activité intermédiaire du deuxième mois de référence (législation de ce mois)"
    formula_2016_01_01 = _prime(1)


class ppa_prime_mois_reference_3(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Prime d'activité intermédiaire du troisième mois de référence (législation de ce mois)"
    formula_2016_01_01 = _prime(2)


class ppa_bonification(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Bonification individuelle de la prime d'activité (législation de chaque mois de référence)"

    def formula_2016_01_01(individu, period, parameters):
        """The bonus averaged over the reference months, each under its own month's legislation, for
        an eligible household."""
        eligible = individu.famille("ppa_eligibilite", period)
        return bonification_moyenne(individu, period, parameters, legislation_du_mois_de_reference) * eligible


class ppa_parametres_mois_de_reference(Reform):
    name = "Prime d'activité : chaque prime intermédiaire selon la législation de son mois de référence"

    def apply(self):
        self.modify_parameters(modifier_function=_bonification_des_revenus_d_octobre_2018)
        for variable in (
            ppa_prime_mois_reference_1,
            ppa_prime_mois_reference_2,
            ppa_prime_mois_reference_3,
            ppa_bonification,
        ):
            self.update_variable(variable)
