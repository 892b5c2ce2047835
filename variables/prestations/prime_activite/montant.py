"""The amount of prime d'activité due for a month (CSS L842-3, R843-1, D843-1 to D843-3, R844-3).

The amount due for a month M is the average of three intermediate primes, one for each reference
month m (R843-1): M-3..M-1 until February 2025, M-4..M-2 from March 2025 (décret 2025-185). Each
intermediate prime takes the composition of the household and the resources of its month m, and the
legislation of the month due M: the revaluation decrees apply to "the primes computed to determine
the amount due for" their month of effect and the following ones (see ``parametres_du_droit`` and
docs/prime_activite.md).

Intermediate prime (L842-3): montant forfaitaire (composition, majoré for an isolated parent)
+ pente × earned income of the household + the members' individual bonuses
− max(montant forfaitaire, resources + forfait logement), floored at 0.
"""

from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Individu,
    Variable,
    article,
)
from openfisca_metropole.prime_activite import (
    NOMBRE_MOIS_REFERENCE,
    bonification_moyenne,
    forfait_logement,
    montant_forfaitaire,
    prime_intermediaire,
)


class ppa_montant_forfaitaire(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Montant forfaitaire de la prime d'activité pour la composition du foyer (majoré s'il y a droit)"
    unit = "currency-EUR"
    reference = [*article("CSS", "L842-3"), *article("CSS", "D843-1"), *article("CSS", "L842-7")]

    def formula_2016_01_01(famille, period, parameters):
        """L842-3 1°, D843-1 and L842-7 CSS: the montant forfaitaire of one person times the
        composition coefficient of the RSA (+50 %, +30 %, +40 %), or the majoré rate for an
        isolated parent or pregnant woman when higher; for the composition of this month."""
        return montant_forfaitaire(famille, period, parameters(period))


class ppa_forfait_logement(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Forfait logement de la prime d'activité, pour la situation de ce mois"
    unit = "currency-EUR"
    reference = article("CSS", "R844-3")

    def formula_2016_01_01(famille, period, parameters):
        """R844-3 CSS: 12 % of the montant forfaitaire of one person, 16 % of that of two persons,
        16.5 % of that of three persons for three persons or more; in full for an owner without a
        loan or a person housed free, within the housing aid received otherwise."""
        return forfait_logement(famille, period, parameters(period))


class ppa_bonification(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Bonification individuelle de la prime d'activité, moyenne sur les mois de référence"
    unit = "currency-EUR"
    reference = [*article("CSS", "L842-3"), *article("CSS", "D843-2")]

    def formula_2016_01_01(individu, period, parameters):
        """D843-2 CSS: each member of the household whose earned income of a reference month exceeds
        59 times the hourly SMIC gets a bonus in that month's prime, rising to its maximum at the
        upper threshold. Shown as its average over the reference months, for an eligible household
        (0 otherwise, and for a person outside the household); it enters the intermediate primes
        before their floor at 0 and the 15 € payment threshold."""
        eligible = individu.famille("ppa_eligibilite", period)
        return bonification_moyenne(individu, period, parameters) * eligible


class ppa_prime_mois_reference_1(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Prime d'activité intermédiaire du premier (plus ancien) mois de référence"
    unit = "currency-EUR"
    reference = [*article("CSS", "L842-3"), *article("CSS", "R843-1")]

    def formula_2016_01_01(famille, period, parameters):
        """R843-1 CSS: the prime computed by L842-3 for the oldest reference month (M-3 until
        February 2025, M-4 since), with that month's resources and the legislation of the month
        due."""
        return prime_intermediaire(famille, period, parameters, 0)


class ppa_prime_mois_reference_2(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Prime d'activité intermédiaire du deuxième mois de référence"
    unit = "currency-EUR"
    reference = [*article("CSS", "L842-3"), *article("CSS", "R843-1")]

    def formula_2016_01_01(famille, period, parameters):
        """R843-1 CSS: the prime computed by L842-3 for the middle reference month (M-2 until
        February 2025, M-3 since)."""
        return prime_intermediaire(famille, period, parameters, 1)


class ppa_prime_mois_reference_3(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Prime d'activité intermédiaire du troisième (plus récent) mois de référence"
    unit = "currency-EUR"
    reference = [*article("CSS", "L842-3"), *article("CSS", "R843-1")]

    def formula_2016_01_01(famille, period, parameters):
        """R843-1 CSS: the prime computed by L842-3 for the latest reference month (M-1 until
        February 2025, M-2 since)."""
        return prime_intermediaire(famille, period, parameters, 2)


class ppa_montant(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Prime d'activité due avant le seuil de versement (moyenne des primes intermédiaires)"
    unit = "currency-EUR"
    reference = [*article("CSS", "R843-1"), *article("CSS", "L842-1")]

    def formula_2016_01_01(famille, period):
        """R843-1 CSS: the amount due is the average of the primes of the three reference months,
        for an eligible household (L842-1, L842-2)."""
        primes = [famille(f"ppa_prime_mois_reference_{rang}", period) for rang in (1, 2, 3)]
        return famille("ppa_eligibilite", period) * sum(primes) / NOMBRE_MOIS_REFERENCE


class ppa(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Prime d'activité versée"
    unit = "currency-EUR"
    reference = article("CSS", "D846-2")

    def formula_2016_01_01(famille, period, parameters):
        """D846-2 CSS: the prime is not paid when the amount due is below 15 € a month."""
        montant = famille("ppa_montant", period)
        seuil = parameters(period).prestations.prime_activite.montant_minimum_verse
        return montant * (montant >= seuil)
