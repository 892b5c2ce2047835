"""Scenario: the complémentaire santé solidaire granted automatically to every household receiving
the RSA or the prime d'activité (an extension of the 2022 rule).

Since 1 January 2022 (L861-2 CSS as amended by the LFSS 2022, décret 2022-565), an RSA claim is also a
claim for the CSS without contribution, granted unless the person refuses it
(``css_attribution_automatique``). This scenario extends the automatic grant to the households that
receive the prime d'activité and are entitled to the CSS (with or without contribution), from
``debut`` (default 2019-11-01, the creation of the CSS). It changes no one's entitlement: it changes
how the right is reached, so it shows only with a take-up mode (``metropole compare --recours``): a
household granted the CSS automatically claims it exactly when it claims the RSA or the prime.

    openfisca serve -c openfisca_metropole -r openfisca_metropole.reforms.css_automatique.css_automatique
"""

from openfisca_core.reforms import Reform

from openfisca_metropole.model_api import MONTH, Famille, Variable, article

PARAMETRES = {"debut": "2019-11-01"}


def _variable(debut: str, formule_de_base):
    class css_attribution_automatique(Variable):
        value_type = bool
        entity = Famille
        definition_period = MONTH
        label = "La CSS est attribuée avec le RSA ou la prime d'activité, sans demande distincte (scénario)"
        reference = article("CSS", "L861-2")

        def formula(famille, period):
            """Scenario: from ``debut``, the CSS is granted with the RSA (as L861-2 does since 2022) and
            with the prime d'activité to the households entitled to it; before, the law in force."""
            if str(period.start) < debut:
                formule = formule_de_base(period)
                return formule(famille, period) if formule else famille.filled_array(False)
            droit = famille("css_droit", period)
            avec_droit = droit != droit.possible_values.aucun
            return (famille("rsa", period) > 0) + (famille("ppa", period) > 0) * avec_droit

    return css_attribution_automatique


class css_automatique(Reform):
    name = "CSS attribuée automatiquement aux foyers au RSA ou à la prime d'activité"
    parametres = PARAMETRES

    def apply(self):
        de_base = self.get_variable("css_attribution_automatique")
        self.update_variable(_variable(str(self.parametres["debut"]), de_base.get_formula))
