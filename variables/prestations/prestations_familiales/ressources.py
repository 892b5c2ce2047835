"""The resources family benefits are means-tested on, and the dual-earner couple (R532-3, R522-2 CSS)."""

from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Individu,
    Variable,
    article,
    np,
    set_input_dispatch_by_period,
)
from openfisca_metropole.prestations_familiales import (
    ABATTEMENT_FORFAITAIRE,
    REVENUS_ABATTUS,
    REVENUS_PROFESSIONNELS,
    annee_n_2,
    deux_revenus,
    membres_comptes,
    pf,
    revenu_imposable,
    trois_derniers_mois,
)


class prestations_familiales_revenu_imposable_individu(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Revenu imposable du mois tel que la CAF le retient pour les prestations familiales"
    unit = "currency-EUR"
    reference = article("CSS", "R532-3")

    def formula(individu, period):
        """R532-3 CSS: salaries, unemployment benefit, pensions and sickness allowances less the 10 %
        deduction (CGI art. 83 and 158), micro-enterprise profits, alimony received less alimony
        paid. The net amounts declared stand for the net taxable ones."""
        abattus = sum(individu(nom, period) for nom in REVENUS_ABATTUS)
        return (
            (1 - ABATTEMENT_FORFAITAIRE) * abattus
            + individu("rpns_auto_entrepreneur_benefice", period)
            + individu("pensions_alimentaires_percues", period)
            - individu("pensions_alimentaires_versees_individu", period)
        )


class prestations_familiales_revenu_professionnel_individu(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Revenu professionnel du mois (couple à deux revenus, prestations familiales)"
    unit = "currency-EUR"
    reference = article("CSS", "R522-2")

    def formula(individu, period):
        """R522-2 and R531-1 CSS: the professional income of the month, salaries and micro-enterprise
        profits."""
        return sum(individu(nom, period) for nom in REVENUS_PROFESSIONNELS)


class prestations_familiales_n_2_declaree(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "Des revenus de l'année N-2 sont déclarés (sinon les derniers mois sont annualisés)"
    reference = article("CSS", "R532-3")

    def formula(famille, period):
        """R532-3 CSS takes the income of year N-2; the familles that declared none for that year get
        the default of ``prestations_familiales_base_ressources`` and ``biactivite``."""
        membres = membres_comptes(famille, period)
        return famille.sum(np.abs(revenu_imposable(famille, annee_n_2(period))) * membres) > 0


class prestations_familiales_base_ressources(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Ressources annuelles (année N-2) retenues pour les prestations familiales"
    unit = "currency-EUR"
    reference = [*article("CSS", "R532-3"), *article("CSS", "D521-3")]
    documentation = """Montant annuel : le revenu net catégoriel de l'année N-2 des parents et des
    enfants à charge, à saisir quand on le connaît (avis d'imposition, montant retenu par la CAF).

    Valeur par défaut quand il n'est pas saisi :
    - si des revenus mensuels sont déclarés pour l'année N-2 : leur somme, salaires, chômage,
      pensions et indemnités journalières de maladie diminués de 10 %, plus les bénéfices de
      micro-entreprise et les pensions alimentaires reçues, moins celles versées ;
    - sinon : la même somme sur les trois mois précédant le mois calculé, multipliée par 4.
    Les montants nets déclarés tiennent lieu de montants nets imposables (la CSG et la CRDS non
    déductibles, environ 2,9 % des salaires, ne sont pas ajoutées)."""

    def formula(famille, period):
        """R532-3 CSS: the household's net taxable income of year N-2 (default: see documentation)."""
        membres = membres_comptes(famille, period)
        n_2 = famille.sum(revenu_imposable(famille, annee_n_2(period)) * membres)
        recents = 4 * famille.sum(revenu_imposable(famille, trois_derniers_mois(period)) * membres)
        return np.where(famille("prestations_familiales_n_2_declaree", period), n_2, recents)


class biactivite(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Couple dont chaque membre a eu un revenu professionnel suffisant en N-2 (deux revenus)"
    reference = [*article("CSS", "R522-2"), *article("CSS", "R531-1")]
    documentation = """Vrai pour un couple dont chacun des deux membres a eu, l'année N-2, un revenu
    professionnel au moins égal à 13,6 % du plafond annuel de la sécurité sociale de cette année
    (12 BMAF avant novembre 2011). Par défaut, les revenus professionnels sont les salaires nets et
    les bénéfices de micro-entreprise déclarés pour N-2 ou, sans revenus N-2 déclarés, ceux des trois
    derniers mois multipliés par 4. Peut être saisi."""

    def formula_2009_01_01(famille, period, parameters):
        """R522-2 CSS: both partners earned at least 12 BMAF in year N-2."""
        # The BMAF of the month computed (our BMAF history starts in 2009).
        seuil = pf(parameters, period).biactivite.revenu_minimum_bmaf * pf(parameters, period).bmaf
        return deux_revenus(famille, period, seuil)

    def formula_2011_11_01(famille, period, parameters):
        """R522-2 CSS (from November 2011): both partners earned at least 13.6 % of the PSS of N-2."""
        part = pf(parameters, period).biactivite.revenu_minimum_part_pss
        seuil = part * parameters(annee_n_2(period).start).marche_travail.pss.annuel
        return deux_revenus(famille, period, seuil)
