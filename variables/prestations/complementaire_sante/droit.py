"""Entitlement to the CMU-C and the ACS (until 2019-10-31), then to the complémentaire santé
solidaire without or with a financial contribution (CSS L861-1, L861-2, L863-1).

Every variable is computed for the month of the claim. ``css_droit`` gives the outcome over the
whole period in three values: free cover (CMU-C, then CSS without contribution), cover with a
contribution or aid (ACS, then CSS with contribution), or nothing.
"""

from openfisca_metropole.complementaire_sante import REVENUS_D_ACTIVITE_PRESOMPTION, age_au_premier_janvier
from openfisca_metropole.model_api import (
    MONTH,
    Enum,
    Famille,
    Individu,
    Variable,
    article,
    np,
)


class css_condition_rsa(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "Le foyer perçoit le RSA qui ouvre droit d'office à la CMU-C, puis à la CSS sans participation"
    reference = article("CSS", "L861-2")

    def formula_2009_06_01(famille, period):
        """L861-2 CSS (2009-2015 wording): the RSA recipients whose resources are below the montant
        forfaitaire, that is the households paid the "RSA socle", are entitled to the free cover;
        those paid only the "RSA activité" are not."""
        return famille("rsa_socle", period) > 0

    def formula_2016_01_01(famille, period):
        """L861-2 CSS (from 2016, when the RSA activité gave way to the prime d'activité): every
        RSA recipient is entitled to the free cover."""
        return famille("rsa", period) > 0


class cmu_c(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "Droit à la CMU-C, puis (depuis novembre 2019) à la complémentaire santé solidaire sans participation"
    reference = [*article("CSS", "L861-1"), *article("CSS", "L861-2")]
    documentation = """Même sens que dans openfisca-france : depuis le 1er novembre 2019, la CSS
    sans participation financière."""

    def formula_2009_06_01(famille, period):
        """L861-1 1° CSS: a foyer that may claim in its own name (R861-2), with resources of the
        reference period at most its ceiling; L861-2: RSA recipients are entitled whatever their
        resources.

        When every foyer computed receives the RSA (one household asking the web API, say), the
        resource test decides nothing and is not run."""
        rsa = famille("css_condition_rsa", period)
        if rsa.all():
            return rsa
        sous_plafond = famille("css_ressources", period) <= famille("css_plafond", period)
        return famille("css_eligibilite", period) * sous_plafond + rsa


class css_participation_possible(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "Ressources dans la tranche de l'ACS, puis de la CSS avec participation (sans droit à la couverture gratuite)"
    reference = [*article("CSS", "L861-1"), *article("CSS", "L863-1")]

    def formula_2009_06_01(famille, period):
        """L863-1 CSS (ACS), then L861-1 2°: not entitled to the free cover, with resources at most
        the ceiling raised by 35 %, or (from 2022-04) presumed to meet that condition (L861-2)."""
        gratuite = famille("cmu_c", period)
        if gratuite.all():  # no foyer left to test (see cmu_c)
            return np.logical_not(gratuite)
        sous_plafond = famille("css_ressources", period) <= famille("css_plafond_participation", period)
        droit = sous_plafond + famille("css_presomption_participation", period)
        return np.logical_not(gratuite) * famille("css_eligibilite", period) * droit


class css_presomption_participation(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "Bénéficiaire d'un minimum social réputé remplir la condition de ressources de la CSS avec participation"
    reference = [*article("CSS", "L861-2"), *article("CSS", "R861-11")]

    def formula_2022_04_01(famille, period, parameters):
        """L861-2 CSS and R861-11: recipients of the ASPA (from 2022-04-01), of the ASI (from
        2024-06-30) and of the AAH living alone without a dependant (from 2025-07-01) are presumed
        to meet the resource condition of the CSS with a contribution, unless they had a salaried or
        self-employed activity in the three calendar months before the claim; recipients of the ASS
        living alone without a dependant, with no activity condition, from 2026-07-01 at the latest
        (LFSS 2024 art. 45). The ASPA is paid to the famille here, so the activity of both parents
        is looked at (the law looks at the recipient's, and at the spouse's since 2022-12-25). The
        profit of a self-employed person outside the micro regime, known by year, is not looked at."""
        P = parameters(period).prestations.complementaire_sante.presomptions
        membres = famille.members
        parent = membres.has_role(Famille.PARENT)
        mois = [period.offset(-k, "month") for k in range(1, int(P.mois_sans_activite) + 1)]
        actif = sum(membres(nom, m) > 0 for nom in REVENUS_D_ACTIVITE_PRESOMPTION for m in mois) > 0
        inactif = parent * np.logical_not(actif)
        seul = (famille("nb_parents", period) == 1) * (famille.sum(membres("css_personne_a_charge", period)) == 0)
        aspa = (famille("aspa", period) > 0) * P.aspa * (famille.sum(parent * actif) == 0)
        asi = famille.any(inactif * (membres("asi", period) > 0)) * P.asi
        aah = famille.any(inactif * (membres("aah", period) > 0)) * seul * P.aah
        ass = famille.any(parent * (membres("ass", period) > 0)) * seul * P.ass
        return aspa + asi + aah + ass


class acs(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    end = "2019-10-31"
    label = "Aide au paiement d'une complémentaire santé (ACS), montant annuel"
    unit = "currency-EUR"
    reference = article("CSS", "L863-1")

    def formula_2009_06_01(famille, period, parameters):
        """L863-1 CSS: a household in the ACS band gets, for each member of the foyer, an annual
        amount set by his age on 1 January of the year: 100 € under 16, 200 € from 16 to 49, 350 €
        from 50 to 59, 500 € (550 € from 2014) from 60."""
        bareme = parameters(period).prestations.complementaire_sante.acs.montant_par_age
        membres = famille.members
        montants = bareme.calc(age_au_premier_janvier(membres, period)) * membres("css_membre_du_foyer", period)
        return famille("css_participation_possible", period) * famille.sum(montants)


class css_participation_individu(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Participation financière mensuelle de la personne à la complémentaire santé solidaire"
    unit = "currency-EUR"
    reference = [*article("CSS", "L861-1"), *article("CSS", "L861-11"), *article("CSS", "R861-16-1")]

    def formula_2019_11_01(individu, period, parameters):
        """L861-1 2° CSS: each member of a foyer entitled to the CSS with a contribution pays a
        monthly amount set by his age on 1 January of the year the right is granted: 8 € up to 29,
        14 € from 30 to 49, 21 € from 50 to 59, 25 € from 60 to 69, 30 € from 70; reduced amounts for
        the Alsace-Moselle local scheme (L861-11, R861-16-1 II, arrêté du 21 juin 2019)."""
        baremes = parameters(period).prestations.complementaire_sante.participation
        age = age_au_premier_janvier(individu, period)
        montant = np.where(
            individu("regime_alsace_moselle", period),
            baremes.alsace_moselle.calc(age),
            baremes.france.calc(age),
        )
        droit = individu.famille("css_droit", period) == TypesCssDroit.avec_participation
        return droit * individu("css_membre_du_foyer", period) * montant


class css_participation_forfaitaire(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Participation financière mensuelle du foyer à la complémentaire santé solidaire"
    unit = "currency-EUR"
    reference = article("CSS", "L861-1")
    documentation = """Montant mensuel pour l'ensemble du foyer (openfisca-france dit « annuel » dans
    son libellé, mais la valeur y est aussi mensuelle)."""

    def formula_2019_11_01(famille, period):
        """The sum of the members' monthly contributions."""
        return famille.sum(famille.members("css_participation_individu", period))


class TypesCssDroit(Enum):
    __order__ = "aucun gratuite avec_participation"
    aucun = "Aucun droit"
    gratuite = "Couverture gratuite (CMU-C, puis CSS sans participation)"
    avec_participation = "Aide ou participation (ACS, puis CSS avec participation)"


class css_droit(Variable):
    value_type = Enum
    possible_values = TypesCssDroit
    default_value = TypesCssDroit.aucun
    entity = Famille
    definition_period = MONTH
    label = "Droit à la complémentaire santé : gratuite, avec participation (ou ACS avant novembre 2019), aucun"
    reference = [*article("CSS", "L861-1"), *article("CSS", "L863-1")]

    def formula_2009_06_01(famille, period):
        """Free cover when entitled to the CMU-C (then the CSS without contribution); cover with a
        contribution when the resources fall in the band above (the ACS before 2019-11-01)."""
        return np.select(
            [famille("cmu_c", period), famille("css_participation_possible", period)],
            [TypesCssDroit.gratuite, TypesCssDroit.avec_participation],
            TypesCssDroit.aucun,
        )


class TypesCssMotif(Enum):
    __order__ = "ressources_au_dessus_des_plafonds rattache_au_foyer_des_parents beneficiaire_rsa ressources_sous_plafond ressources_sous_plafond_participation presomption_minimum_social"
    ressources_au_dessus_des_plafonds = "Ressources au-dessus du plafond de la couverture avec participation"
    rattache_au_foyer_des_parents = "Jeune de moins de 25 ans couvert par le foyer de ses parents : pas de demande en son nom propre"
    beneficiaire_rsa = "Bénéficiaire du RSA (RSA socle avant 2016) : couverture gratuite quelles que soient les ressources"
    ressources_sous_plafond = "Ressources sous le plafond de la couverture gratuite"
    ressources_sous_plafond_participation = "Ressources sous le plafond de la couverture avec participation"
    presomption_minimum_social = "Bénéficiaire de l'ASPA, de l'ASI, de l'AAH ou de l'ASS réputé remplir la condition de ressources"


class css_motif(Variable):
    value_type = Enum
    possible_values = TypesCssMotif
    default_value = TypesCssMotif.ressources_au_dessus_des_plafonds
    entity = Famille
    definition_period = MONTH
    label = "Raison du droit (ou de l'absence de droit) à la complémentaire santé"
    reference = [*article("CSS", "L861-1"), *article("CSS", "L861-2")]

    def formula_2009_06_01(famille, period):
        """The first reason that applies: RSA receipt; a young adult covered by his parents' foyer;
        resources against the free-cover ceiling, then against the ceiling raised by 35 %; a
        presumption for recipients of a minimum income."""
        ressources = famille("css_ressources", period)
        return np.select(
            [
                famille("css_condition_rsa", period),
                np.logical_not(famille("css_eligibilite", period)),
                ressources <= famille("css_plafond", period),
                ressources <= famille("css_plafond_participation", period),
                famille("css_presomption_participation", period),
            ],
            [
                TypesCssMotif.beneficiaire_rsa,
                TypesCssMotif.rattache_au_foyer_des_parents,
                TypesCssMotif.ressources_sous_plafond,
                TypesCssMotif.ressources_sous_plafond_participation,
                TypesCssMotif.presomption_minimum_social,
            ],
            TypesCssMotif.ressources_au_dessus_des_plafonds,
        )


class css_attribution_automatique(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "La CSS sans participation est attribuée avec le RSA, sans demande distincte"
    reference = article("CSS", "L861-2")

    def formula_2022_01_01(famille, period):
        """L861-2 CSS as amended by the LFSS 2022: for RSA claims filed from 1 January 2022, the RSA
        claim is also a claim for the CSS without contribution, granted unless the person refuses
        it. Before, an RSA recipient met the resource condition but had to file a CSS claim."""
        return famille("rsa", period) > 0
