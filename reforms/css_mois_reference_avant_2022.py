"""Counterfactual: the CMU-C / CSS resources keep their pre-2022 reference period (M-12..M-1).

Décret n° 2021-1642 du 13 décembre 2021 rewrote R861-8 CSS: since 1 January 2022 the resources
examined are those of the twelve months ending two months before the claim (M-13..M-2) instead of
the twelve months before it (M-12..M-1), so that they can be read from the DSN. This reform undoes
the shift, to measure what it changes (openfisca-france still reads M-12..M-1).

    openfisca serve -c openfisca_metropole -r openfisca_metropole.reforms.css_mois_reference_avant_2022.css_mois_reference_avant_2022
"""

from openfisca_core.reforms import Reform

DATE_DECALAGE = "2022-01-01"


def _garde_les_douze_mois_precedents(parameters):
    """The last reference month stays the month before the claim (decalage = 1)."""
    regle = parameters.prestations.complementaire_sante.ressources.mois_reference
    regle.decalage.update(start=DATE_DECALAGE, value=1)
    return parameters


class css_mois_reference_avant_2022(Reform):
    name = "CMU-C / CSS : ressources des douze mois précédant la demande maintenues après 2021 (sans le décret 2021-1642)"

    def apply(self):
        self.modify_parameters(modifier_function=_garde_les_douze_mois_precedents)
