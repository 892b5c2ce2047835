"""Counterfactual: the RSA and the prime d'activité keep their pre-2025 reference months (M-3..M-1)
after March 2025.

Décret n° 2025-185 du 26 février 2025 moved the reference months of the RSA and of the prime
d'activité to M-4..M-2 for claims
and reviews from 1 March 2025, so that resources can be pre-filled from the DSN ("solidarité à la
source"). This reform undoes that shift, to measure what it changes for each household: a household
whose earnings vary from month to month gets a different amount under each rule.

    openfisca test tests/yaml/reforms -c openfisca_metropole
    openfisca serve -c openfisca_metropole -r openfisca_metropole.reforms.mois_reference_avant_2025.mois_reference_avant_2025
"""

from openfisca_core.reforms import Reform

DATE_GENERALISATION = "2025-03-01"


def _garde_le_trimestre_precedent(parameters):
    """The last reference month stays the month before the month computed (decalage = 1)."""
    for prestation in (parameters.prestations.rsa, parameters.prestations.prime_activite):
        prestation.ressources.mois_reference.decalage.update(start=DATE_GENERALISATION, value=1)
    return parameters


class mois_reference_avant_2025(Reform):
    name = "RSA et prime d'activité : mois de référence M-3 à M-1 maintenus après mars 2025 (sans le décret 2025-185)"

    def apply(self):
        self.modify_parameters(modifier_function=_garde_le_trimestre_precedent)
