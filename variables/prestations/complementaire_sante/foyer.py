"""The CMU-C / CSS household and its resource ceilings (CSS L861-1, R861-2, R861-3, D861-1).

The household (foyer) of the claim is the claimant, the spouse, concubin or PACS partner, and the
dependants under 25. Its ceiling is the one-person ceiling raised for each further person according
to rank; the ceiling of the ACS, then of the CSS with a financial contribution, is 35 % higher.
"""

from openfisca_metropole.complementaire_sante import arrondi_euro
from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Individu,
    Variable,
    article,
    np,
    set_input_dispatch_by_period,
)

AGE_MAJORITE = 18  # civil majority (code civil, art. 414): R861-3 halves the rate of minors only


class regime_alsace_moselle(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Relève du régime local d'assurance maladie d'Alsace-Moselle"
    reference = article("CSS", "L325-1")
    documentation = """Ses bénéficiaires paient une participation réduite à la complémentaire santé
    solidaire. Dans openfisca-france : ``salarie_regime_alsace_moselle``."""


class css_personne_a_charge(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Personne à charge comptée dans le foyer de la CMU-C puis de la complémentaire santé solidaire"
    reference = article("CSS", "R861-2")

    def formula(individu, period, parameters):
        """R861-2 CSS: the children of the famille in the real and continuous charge of the claimant
        and under 25 on the date of the claim (a child of exactly 25 is no longer a dependant)."""
        age_limite = parameters(period).prestations.complementaire_sante.age_limite_personne_a_charge
        return (
            individu.has_role(Famille.ENFANT)
            * individu("enfant_a_charge", period)
            * (individu("age", period) < age_limite)
        )


class css_membre_du_foyer(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Membre du foyer de la CMU-C puis de la complémentaire santé solidaire"
    reference = article("CSS", "R861-2")

    def formula(individu, period):
        """R861-2 CSS: the claimant, the spouse, concubin or PACS partner, and the dependants."""
        return individu.has_role(Famille.PARENT) + individu("css_personne_a_charge", period)


class css_nb_personnes(Variable):
    value_type = int
    entity = Famille
    definition_period = MONTH
    label = "Nombre de personnes du foyer de la CMU-C puis de la complémentaire santé solidaire"
    reference = article("CSS", "R861-2")

    def formula(famille, period):
        """The parents and the dependants, each counted once (the forfait logement counts persons)."""
        return famille.sum(famille.members("css_membre_du_foyer", period))


class css_coefficient_plafond(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Coefficient appliqué au plafond d'une personne selon la composition du foyer"
    reference = article("CSS", "R861-3")

    def formula(famille, period, parameters):
        """R861-3 CSS: the one-person ceiling is raised by 50 % for the second person of the foyer,
        30 % for each of the third and fourth, 40 % for each person from the fifth. The spouse comes
        first, then the dependants from the oldest to the youngest. The rate of a minor child in
        alternating residence, deemed in the equal charge of both parents, is halved; the child
        still takes his rank."""
        majorations = parameters(period).prestations.complementaire_sante.plafond.majorations
        membres = famille.members
        a_charge = membres("css_personne_a_charge", period)
        rang_enfant = membres.get_rank(famille, -membres("age_en_mois", period), condition=a_charge)
        rang = famille.project(famille("nb_parents", period)) + rang_enfant + 1  # the claimant is 1st
        taux = np.select(
            [rang == 2, rang <= 4],
            [majorations.deuxieme_personne, majorations.troisieme_et_quatrieme_personne],
            majorations.personne_supplementaire,
        )
        moitie = membres("garde_alternee", period) * (membres("age", period) < AGE_MAJORITE)
        taux_enfants = famille.sum(a_charge * taux * np.where(moitie, 0.5, 1))
        conjoint = famille("nb_parents", period) >= 2
        return 1 + conjoint * majorations.deuxieme_personne + taux_enfants


class css_plafond(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Plafond annuel de ressources de la CMU-C, puis de la complémentaire santé solidaire sans participation"
    unit = "currency-EUR"
    reference = [*article("CSS", "L861-1"), *article("CSS", "D861-1"), *article("CSS", "R861-3")]
    documentation = "Montant annuel. Dans openfisca-france : ``cmu_c_plafond``."

    def formula(famille, period, parameters):
        """L861-1 1° and D861-1 CSS: the one-person ceiling in force in the month of the claim
        (mainland France) times the household coefficient of R861-3, rounded to the nearest euro,
        an exact half going up (L861-1)."""
        plafond = parameters(period).prestations.complementaire_sante.plafond.montant_annuel_1_personne
        return arrondi_euro(plafond * famille("css_coefficient_plafond", period))


class css_plafond_participation(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Plafond annuel de ressources de l'ACS, puis de la complémentaire santé solidaire avec participation"
    unit = "currency-EUR"
    reference = [*article("CSS", "L861-1"), *article("CSS", "L863-1")]
    documentation = "Montant annuel. Dans openfisca-france : ``acs_plafond``."

    def formula(famille, period, parameters):
        """L863-1 CSS (ACS, until 2019-10-31), then L861-1 2° (CSS with a financial contribution):
        "ce même plafond majoré de 35 %": the (rounded) free-cover ceiling of the household raised by
        35 % (26 % in 2011), rounded in turn to the nearest euro (L861-1 and, for the ACS, L863-1:
        "arrondi à l'euro le plus proche, la fraction d'euro égale à 0,50 étant comptée pour 1")."""
        taux = parameters(period).prestations.complementaire_sante.plafond.taux_majoration_participation
        return arrondi_euro(famille("css_plafond", period) * (1 + taux))


class habite_chez_parents(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Vit sous le toit de ses parents"
    reference = article("CSS", "R861-2")


class rattache_foyer_fiscal_parents(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Est rattaché au foyer fiscal de ses parents (dernière déclaration de revenus)"
    reference = article("CSS", "R861-2")


class pension_alimentaire_deductible_parents(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Reçoit de ses parents une pension alimentaire déductible de leur revenu, hors décision de justice"
    reference = article("CSS", "R861-2")


class css_rattache_foyer_parents(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Jeune de moins de 25 ans compté dans le foyer CMU-C / CSS de ses parents"
    reference = article("CSS", "R861-2")

    def formula(individu, period, parameters):
        """R861-2 CSS: a person under 25 is a dependant of his parents' foyer when he is attached to
        their tax household (1°), lives under their roof (2°, with his own tax return; 1° otherwise)
        or receives from them a tax-deductible pension not ordered by a court (3°). He is then
        covered through their claim, not as a foyer of his own."""
        age_limite = parameters(period).prestations.complementaire_sante.age_limite_personne_a_charge
        rattache = (
            individu("rattache_foyer_fiscal_parents", period)
            + individu("habite_chez_parents", period)
            + individu("pension_alimentaire_deductible_parents", period)
        )
        return (individu("age", period) < age_limite) * rattache


class css_eligibilite(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "Le foyer peut demander la CMU-C / CSS en son nom propre"
    reference = [*article("CSS", "R861-2"), *article("CSS", "R861-16")]

    def formula(famille, period):
        """R861-2 CSS: a young adult who belongs to his parents' foyer cannot claim as a foyer of
        his own, unless he has a dependant of his own. A famille is excluded when it has no
        dependant and every parent belongs to his own parents' foyer. (The official guidance says
        the same; a couple of young adults is not addressed by the texts.)"""
        membres = famille.members
        parent = membres.has_role(Famille.PARENT)
        rattaches = famille.sum(parent * membres("css_rattache_foyer_parents", period))
        personnes_a_charge = famille.sum(membres("css_personne_a_charge", period))
        return (personnes_a_charge > 0) + (rattaches < famille("nb_parents", period))
