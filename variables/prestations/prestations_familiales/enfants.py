"""The children the CAF counts for the family benefits.

A child counts for the family benefits (L512-3 and R512-2 CSS) while under 20 (21 for the complément
familial) and while their own pay stays at most 55 % of the SMIC (monthly gross for 169 hours).
"""

from openfisca_metropole.model_api import (
    ADD,
    MONTH,
    Famille,
    Individu,
    Variable,
    article,
    np,
    set_input_dispatch_by_period,
)

from openfisca_metropole.prestations_familiales import mois_precedents, pf

# R512-2 CSS: the child's pay is compared with 55 % of the hourly SMIC multiplied by 169.
HEURES_SMIC_R512_2 = 169


class autonomie_financiere(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "L'enfant a une rémunération trop élevée pour rester à charge (prestations familiales)"
    reference = article("CSS", "R512-2")
    documentation = """Vrai quand la rémunération de l'enfant dépasse 55 % du SMIC horaire brut
    multiplié par 169. Comme dans openfisca-france, la rémunération retenue est la moyenne des
    salaires nets des six mois précédents (le texte parle de la rémunération mensuelle)."""

    def formula(individu, period, parameters):
        """R512-2 CSS: a child whose pay exceeds 55 % of the SMIC × 169 is no longer dependent."""
        smic = parameters(period).marche_travail.smic.horaire_brut * HEURES_SMIC_R512_2
        plafond = pf(parameters, period).remuneration_maximale_enfant_part_smic * smic
        six_mois = mois_precedents(period, 6)
        remuneration = (
            individu("salaire_net", six_mois, options=[ADD])
            + individu("remuneration_apprenti", six_mois, options=[ADD])
        ) / 6
        return remuneration > plafond


class prestations_familiales_enfant_a_charge(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Enfant à charge au sens des prestations familiales"
    reference = [*article("CSS", "L512-3"), *article("CSS", "R512-2")]
    documentation = """Enfant à charge de la famille, de moins de 20 ans (paramètre daté), dont la
    rémunération ne dépasse pas 55 % du SMIC (``autonomie_financiere``). Peut être saisi."""

    def formula(individu, period, parameters):
        """L512-3 and R512-2 CSS: each dependent child under 20 whose pay stays under the limit."""
        age_limite = pf(parameters, period).age_limite_enfant_a_charge
        age = individu("age", period)
        return (
            individu("enfant_a_charge", period)
            * (age >= 0)
            * (age < age_limite)
            * np.logical_not(individu("autonomie_financiere", period))
        )


class af_nb_enfants(Variable):
    value_type = int
    entity = Famille
    definition_period = MONTH
    label = "Nombre d'enfants à charge au sens des prestations familiales"
    reference = article("CSS", "L521-1")

    def formula(famille, period):
        """L512-3 and L521-1 CSS: the children of the famille who count for the family benefits."""
        return famille.sum(famille.members("prestations_familiales_enfant_a_charge", period), role=Famille.ENFANT)
