"""Proposal, not law: the "compte épargne insertion professionnel" (CEIP) proposed for the Métropole
Européenne de Lille. No text creates it, and no such scheme was found in force anywhere (public pages,
code and issue trackers searched); this module models the proposal as described to us.

The idea. People hired for insertion hours under the social clauses of public contracts (L2112-2
Code de la commande publique) often work a few weeks for one holder, then a few weeks for another.
The CEIP pools those hours, whatever the employer, on one account per person; when the account
reaches ``seuil_heures`` (900 hours), the person is offered a contract of ``duree_mois`` (6) months.
Facilitators already "globalise" hours for one firm across its contracts; the CEIP would pool them
across firms.

What is modelled, from ``debut`` (the account opens then, empty):

- ``ceip_solde``: the hours on the account at the end of the month: last month's balance, plus the
  hours of the month (``heures_insertion_clause_sociale``, an input of the engine), less
  ``seuil_heures`` in the month a contract is offered;
- ``ceip_contrat_propose``: the month after the balance reaches the threshold;
- ``ceip_en_contrat``: the ``duree_mois`` months from the offer on (the offer is taken as accepted);
- ``ceip_salaire_contrat``: the contract's net monthly pay, ``heures_hebdomadaires`` (35) × 52 / 12
  hours at the hourly SMIC (``marche_travail.smic.horaire_brut``) × ``ratio_net_brut`` (0.79: the SMIC of
  1 November 2024, 1 801.80 € gross for 1 426.30 € net, service-public.fr; an approximation);
- ``ceip_complement_salaire``: what the contract adds to the pay the person has anyway
  (``salaire_net``): max(0, contract pay − salaire_net) in a contract month;
- the RSA and the prime d'activité count that complement as earned income
  (``rsa_revenu_activite_individu`` averaged over the reference months, ``ppa_revenu_activite_individu``
  of each month).

Not modelled: the CSS's twelve months of resources, the neutralisation of the contract's pay when it
ends (R262-13 CASF reads ``salaire_net`` only), a refusal of the offer, an account that outlives a
move out of the Métropole, the employer and its funding.

Parameters: ``seuil_heures`` (900), ``duree_mois`` (6), ``heures_hebdomadaires`` (35),
``ratio_net_brut`` (0.79), ``debut`` (2025-01-01).

    metropole compare --reform compte_insertion_heures population_avec_heures.parquet --period 2025-10
    openfisca serve -c openfisca_metropole -r openfisca_metropole.reforms.compte_insertion_heures.compte_insertion_heures
"""

from openfisca_core import periods
from openfisca_core.reforms import Reform

from openfisca_metropole.model_api import MONTH, Individu, Variable, np
from openfisca_metropole.reforms import avec_formule, formule_de_la_loi
from openfisca_metropole.regles_communes import mois_reference, moyenne

PARAMETRES = {"seuil_heures": 900.0, "duree_mois": 6, "heures_hebdomadaires": 35.0, "ratio_net_brut": 0.79, "debut": "2025-01-01"}
SEMAINES_PAR_MOIS = 52 / 12


def _variables(seuil: float, duree: int, heures: float, ratio: float, debut: str):
    class ceip_solde(Variable):
        value_type = float
        entity = Individu
        definition_period = MONTH
        label = "Heures d'insertion sur le compte épargne insertion en fin de mois (proposition CEIP)"
        unit = "hour"

        def formula(individu, period):
            """Last month's balance + the month's clause hours, less the threshold the month a
            contract is offered (the balance reached it at the end of the month before); 0 before
            the account opens. Run month by month from the opening (a loop over months, not people:
            openfisca-core does not let a variable ask for itself at another period)."""
            solde = individu.filled_array(0.0)
            mois = periods.period(debut[:7])
            while mois.start <= period.start:
                offre = solde >= seuil
                solde = solde - seuil * offre + individu("heures_insertion_clause_sociale", mois)
                mois = mois.offset(1, "month")
            return solde

    class ceip_contrat_propose(Variable):
        value_type = bool
        entity = Individu
        definition_period = MONTH
        label = "Un contrat est proposé ce mois au titre du compte épargne insertion (proposition CEIP)"

        def formula(individu, period):
            """The balance reached the threshold at the end of last month."""
            if str(period.last_month.start) < debut:
                return individu.filled_array(False)
            return individu("ceip_solde", period.last_month) >= seuil

    class ceip_en_contrat(Variable):
        value_type = bool
        entity = Individu
        definition_period = MONTH
        label = "En contrat au titre du compte épargne insertion ce mois (proposition CEIP)"

        def formula(individu, period):
            """A contract offered this month or in the ``duree_mois`` − 1 months before."""
            return sum(individu("ceip_contrat_propose", period.offset(-k, "month")) for k in range(duree)) > 0

    class ceip_salaire_contrat(Variable):
        value_type = float
        entity = Individu
        definition_period = MONTH
        label = "Salaire net mensuel du contrat proposé par le compte épargne insertion (proposition CEIP)"
        unit = "currency-EUR"

        def formula(individu, period, parameters):
            """``heures_hebdomadaires`` × 52 / 12 hours at the hourly SMIC of the month, net."""
            smic = parameters(period).marche_travail.smic.horaire_brut
            return individu.filled_array(heures * SEMAINES_PAR_MOIS * smic * ratio)

    class ceip_complement_salaire(Variable):
        value_type = float
        entity = Individu
        definition_period = MONTH
        label = "Revenu d'activité ajouté par le contrat du compte épargne insertion (proposition CEIP)"
        unit = "currency-EUR"

        def formula(individu, period):
            """In a contract month, the contract's pay beyond the pay the person has anyway."""
            surplus = individu("ceip_salaire_contrat", period) - individu("salaire_net", period)
            return individu("ceip_en_contrat", period) * np.maximum(surplus, 0.0)

    return [ceip_solde, ceip_contrat_propose, ceip_en_contrat, ceip_salaire_contrat, ceip_complement_salaire]


def _avec_complement(variable, debut: str, ajout):
    """``variable`` plus ``ajout`` from ``debut`` on."""
    de_la_loi = formule_de_la_loi(variable)

    def formule(individu, period, parameters):
        return de_la_loi(individu, period) + ajout(individu, period, parameters)

    formule.__doc__ = f"{variable.name} under the law, plus the earnings of the CEIP contract (proposal)."
    return avec_formule(variable, debut, formule)


class compte_insertion_heures(Reform):
    name = "Compte épargne insertion professionnel : heures de clauses sociales mises en commun, contrat à 900 heures (proposition)"
    parametres = PARAMETRES

    def apply(self):
        seuil, duree = float(self.parametres["seuil_heures"]), int(self.parametres["duree_mois"])
        heures, ratio = float(self.parametres["heures_hebdomadaires"]), float(self.parametres["ratio_net_brut"])
        debut = str(self.parametres["debut"])
        if seuil <= 0 or duree < 1 or not 0 < heures <= 48 or not 0 < ratio <= 1:
            raise ValueError(
                "compte_insertion_heures: seuil_heures must be above 0, duree_mois at least 1, "
                "heures_hebdomadaires in (0, 48] and ratio_net_brut in (0, 1]"
            )
        for variable in _variables(seuil, duree, heures, ratio, debut):
            self.add_variable(variable)

        def rsa_complement(individu, period, parameters):
            mois = mois_reference(period, parameters(period).prestations.rsa.ressources.mois_reference)
            return moyenne(individu, ["ceip_complement_salaire"], mois) * np.logical_not(individu("rsa_neutralisation", period))

        def ppa_complement(individu, period, parameters):
            return individu("ceip_complement_salaire", period)

        self.update_variable(_avec_complement(self.get_variable("rsa_revenu_activite_individu"), debut, rsa_complement))
        self.update_variable(_avec_complement(self.get_variable("ppa_revenu_activite_individu"), debut, ppa_complement))
