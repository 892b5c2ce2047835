"""Local aid: the Métropole de Lyon's revenu de solidarité jeunes (RSJ), for 18–24-year-olds in
precarity, who have no RSA.

Voted by the Conseil de la Métropole on 15 March 2021 (délibération n° 2021-0482), paid from
1 June 2021. The engine's baseline is the national law; this module adds the Métropole's aid on top,
so that its cost and its recipients can be measured (``metropole compare --reform
revenu_solidarite_jeunes_lyon``) and a social worker's tool can compute it (``openfisca serve -r``).
Amounts and conditions are in ``parameters/metropoles/lyon/``, as published by the Métropole (its
deliberations are not online: the sources are its magazine and its aides-jeunes site).

Who gets it, a month (all conditions together):

- aged 18 to 24 on the first day of the month;
- living in one of the Métropole's communes (``depcom``, list ``metropoles.lyon.communes``);
- not a student or a pupil (out of the education system);
- the household gets no RSA; the person gets no AAH and no allowance of the contrat d'engagement
  jeune (``contrat_engagement_jeune``, an input added here, false by default);
- earned income of the month (earnings, apprentice pay, internship allowances, training pay...,
  ``REVENUS_ACTIVITE``) below 400 €.

Amount: 400 € with no earned income, 300 € with some (420 € and 315 € from December 2023, the first
month those amounts are attested: the date they changed is not known, see the parameters' notes).

Not modelled (no input carries them): six months' residence in the Métropole, legal residence, no
financial support from parents or a third party, the AEEH and the contrat jeune majeur exclusions,
the quarterly review and the 24-month cap, the compulsory accompaniment. The aid is not counted in
the resources of the RSA or of the prime d'activité (it is not declared to the CAF).

Take-up: no figure is published; in a comparison every eligible young person is taken to receive it
(``versements`` follow no benefit's claim).

    openfisca serve -c openfisca_metropole -r openfisca_metropole.reforms.revenu_solidarite_jeunes_lyon.revenu_solidarite_jeunes_lyon
"""

from openfisca_core.reforms import Reform

from openfisca_metropole.model_api import MONTH, Famille, Individu, Variable, np
from openfisca_metropole.regles_communes import REVENUS_ACTIVITE

REFERENCE = "https://met.grandlyon.com/la-metropole-experimente-un-revenu-solidarite-jeunes/"


class contrat_engagement_jeune(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Bénéficie de l'allocation du contrat d'engagement jeune (ou de la garantie jeunes avant mars 2022)"


class revenu_solidarite_jeunes_eligible(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Remplit les conditions du revenu de solidarité jeunes de la Métropole de Lyon"
    reference = REFERENCE

    def formula_2021_06_01(individu, period, parameters):
        """Aged 18 to 24, living in the Métropole, out of education, no RSA in the household, no AAH,
        no contrat d'engagement jeune, earned income of the month below the ceiling (délibération
        n° 2021-0482 as published by the Métropole)."""
        rsj = parameters(period).metropoles.lyon.revenu_solidarite_jeunes
        communes = np.array(parameters(period).metropoles.lyon.communes, dtype="U5")
        age = individu("age", period)
        depcom = individu.menage("depcom", period).astype("U5")  # stored as bytes
        revenus = sum(individu(nom, period) for nom in REVENUS_ACTIVITE)
        return (
            (age >= rsj.age_minimum)
            * (age <= rsj.age_maximum)
            * np.isin(depcom, communes)
            * np.logical_not(individu("etudiant", period))
            * (individu.famille("rsa", period) <= 0)
            * (individu("aah", period) <= 0)
            * np.logical_not(individu("contrat_engagement_jeune", period))
            * (revenus < rsj.plafond_revenus_activite)
        )


class revenu_solidarite_jeunes(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Revenu de solidarité jeunes de la Métropole de Lyon"
    unit = "currency-EUR"
    reference = REFERENCE

    def formula_2021_06_01(individu, period, parameters):
        """The full amount with no earned income in the month, the reduced amount with some (below the
        ceiling), to an eligible young person."""
        rsj = parameters(period).metropoles.lyon.revenu_solidarite_jeunes
        revenus = sum(individu(nom, period) for nom in REVENUS_ACTIVITE)
        montant = np.where(revenus > 0, rsj.montant_avec_revenus, rsj.montant_sans_revenus)
        return individu("revenu_solidarite_jeunes_eligible", period) * montant


class revenu_solidarite_jeunes_famille(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Revenus de solidarité jeunes de la Métropole de Lyon versés aux membres de la famille"
    unit = "currency-EUR"
    reference = REFERENCE

    def formula_2021_06_01(famille, period):
        """The sum over the famille's members (a young adult counted as a child of the famille gets
        it in his own right)."""
        return famille.sum(famille.members("revenu_solidarite_jeunes", period))


class revenu_solidarite_jeunes_lyon(Reform):
    name = "Revenu de solidarité jeunes de la Métropole de Lyon (aide locale, à partir de juin 2021)"
    # The amounts this module pays (famille, € a month), with the benefit whose claim each follows:
    # None, every eligible young person taken to receive it (no take-up figure published).
    versements = {"revenu_solidarite_jeunes_famille": None}

    def apply(self):
        for variable in (contrat_engagement_jeune, revenu_solidarite_jeunes_eligible, revenu_solidarite_jeunes, revenu_solidarite_jeunes_famille):
            self.add_variable(variable)
