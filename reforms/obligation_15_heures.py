"""Scenario: the RSA's 15 hours of activity a week and the "suspension-remobilisation" sanctions of
the loi pour le plein emploi (n° 2023-1196 du 18 décembre 2023), at a share of households sanctioned
that the analyst chooses.

The law. Since 1 January 2025 every RSA beneficiary is registered with France Travail and signs a
contrat d'engagement; the contract sets at least 15 hours of activity a week (loi 2023-1196, art. 2:
training, immersion, job search steps, work), reduced for some and waived for people with particular
and proven difficulties due to their health, disability or invalidity, or a lone parent with no
childcare for a child under 12 [the Code du travail article and its exact wording were not read: the
exemptions come from secondary sources]. A breach lets the president of the Métropole or département
suspend the RSA "en tout ou partie" (L262-37 CASF, version of 1 January 2025); the décret n° 2025-478
du 30 mai 2025 sets, from 1 June 2025, a suspension of at least 30 % for a first breach
(R262-68, R262-68-1), at most 50 % for a household of more than one person or receiving the
lone-parent increase (R262-68-6). Both bounds are parameters of ``parameters/prestations/rsa/sanctions``.

What the engine computes without this scenario: the RSA due, before any sanction (a sanction is an
individual decision, not a rule of entitlement).

What the scenario adds, from ``debut`` (default 2025-06-01, not before):

- ``rsa_soumis_obligation_activite``: an RSA household with at least one parent not exempted;
  exempted: ``dispense_obligation_activite`` (health, disability, invalidity, assessed by the
  referent; an input, false by default), or receiving the AAH or an invalidity pension; a lone parent
  without childcare (``sans_solution_de_garde``, an input) for a child under 12; or doing 15 hours a
  week (``heures_activite_hebdomadaires``, an input, 0 by default);
- ``rsa_sanction_remobilisation``: the household is sanctioned this month. For a real household,
  give it (true or false). Otherwise a share ``part_sanctionnee`` of the households subject to the
  duty is drawn, with a keyed hash of the famille's identifier and ``graine`` (the same households in
  every run): this is meant for populations;
- ``rsa_taux_suspension``: ``taux_suspension`` (default 0.30, the décret's floor; between 0.30 and 1),
  capped at 50 % for a household of more than one person or receiving the majoration;
- ``rsa`` paid: the RSA due × (1 − the rate suspended).

Default share sanctioned: 0.02. The CNAF counted about 40 000 persons sanctioned in June 2022 (note
DSER 2023-082 for the Assemblée nationale, secondary source), about 2 % of the 1.9 million RSA
households; France Travail said the new procedure, tried from July 2024, did not raise the rate
(press, May 2025). No official rate after June 2025 has been found.

Not modelled: the duration of the suspension (a month is computed at a time), the repayment of the
suspended amounts when the person complies again, repeated breaches and suppression, the reduced
durations of the contract.

    metropole compare --reform obligation_15_heures --recours draw --param part_sanctionnee=0.05
    openfisca serve -c openfisca_metropole -r openfisca_metropole.reforms.obligation_15_heures.obligation_15_heures
"""

from openfisca_core.reforms import Reform

from openfisca_metropole.model_api import MONTH, Famille, Individu, Variable, article, np
from openfisca_metropole.population.recours import tirages
from openfisca_metropole.reforms import avec_formule, formule_de_la_loi
from openfisca_metropole.regles_communes import tous_du_groupe

PARAMETRES = {"part_sanctionnee": 0.02, "taux_suspension": 0.3, "graine": 2025, "debut": "2025-06-01"}
DEBUT_SANCTIONS = "2025-06-01"  # décret n° 2025-478
HEURES_HEBDOMADAIRES = 15  # loi n° 2023-1196, art. 2
AGE_ENFANT_GARDE = 12  # exemption of a lone parent without childcare (secondary source)
LOI = "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000048581935"


class dispense_obligation_activite(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    label = "Dispensé de la durée d'activité du contrat d'engagement (difficultés de santé, handicap, invalidité)"
    reference = LOI


class heures_activite_hebdomadaires(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    label = "Heures d'activité par semaine prévues au contrat d'engagement et effectuées"
    unit = "hour"
    reference = LOI


class sans_solution_de_garde(Variable):
    value_type = bool
    entity = Famille
    definition_period = MONTH
    label = "Parent isolé sans solution de garde pour un enfant de moins de 12 ans"
    reference = LOI


def _variables(part: float, taux: float, graine: int, debut: str, rsa_de_base):
    class rsa_soumis_obligation_activite(Variable):
        value_type = bool
        entity = Famille
        definition_period = MONTH
        label = "Le foyer au RSA compte un parent tenu aux 15 heures d'activité (scénario)"
        reference = LOI

        def formula(famille, period):
            """A parent of an RSA household is held to the duty unless exempted: health, disability
            or invalidity (given, or an AAH or invalidity pension received), a lone parent without
            childcare for a child under 12, or already 15 hours a week."""
            individu = famille.members
            dispense = (
                individu("dispense_obligation_activite", period)
                + (individu("aah", period) > 0)
                + (individu("pensions_invalidite", period) > 0)
                + (individu("heures_activite_hebdomadaires", period) >= HEURES_HEBDOMADAIRES)
            )
            age = individu("age", period)
            enfant_jeune = famille.any((age < AGE_ENFANT_GARDE) * individu.has_role(Famille.ENFANT))
            isole = np.logical_not(famille("en_couple", period))
            garde = isole * enfant_jeune * famille("sans_solution_de_garde", period)
            tous_dispenses = tous_du_groupe(famille, dispense, role=Famille.PARENT)
            return (rsa_de_base(famille, period) > 0) * np.logical_not(tous_dispenses + garde)

    class rsa_sanction_remobilisation(Variable):
        value_type = bool
        entity = Famille
        definition_period = MONTH
        label = "Le foyer est sanctionné ce mois pour manquement au contrat d'engagement (scénario)"
        reference = article("CASF", "L262-37")

        def formula(famille, period):
            """Without the decision given: a share ``part_sanctionnee`` of the households held to the
            duty, drawn from a keyed hash of the famille's identifier (the same in every run)."""
            if str(period.start) < debut:
                return famille.filled_array(False)
            tirage = tirages(np.asarray(famille.ids).astype(str), graine, "sanction_remobilisation")
            return famille("rsa_soumis_obligation_activite", period) * (tirage < part)

    class rsa_taux_suspension(Variable):
        value_type = float
        entity = Famille
        definition_period = MONTH
        label = "Part du RSA suspendue ce mois (scénario)"
        unit = "/1"
        reference = [*article("CASF", "R262-68-1"), *article("CASF", "R262-68-6")]

        def formula(famille, period, parameters):
            """``taux_suspension`` for a sanctioned household, at most 50 % when the household has
            more than one person or receives the lone-parent increase (R262-68-6)."""
            if str(period.start) < debut:
                return famille.filled_array(0.0)
            regles = parameters(period).prestations.rsa.sanctions
            plusieurs = (famille("rsa_couple", period) + famille("rsa_nb_enfants", period) > 0) + famille("rsa_majore_eligibilite", period)
            plafond = np.where(plusieurs, regles.plafond_foyer_plusieurs_personnes, 1.0)
            return famille("rsa_sanction_remobilisation", period) * np.minimum(max(taux, regles.taux_minimum), plafond)

    def rsa_apres_sanction(famille, period, parameters):
        """The RSA due, less the share suspended (L262-37 CASF; scenario obligation_15_heures)."""
        return rsa_de_base(famille, period) * (1 - famille("rsa_taux_suspension", period))

    return [rsa_soumis_obligation_activite, rsa_sanction_remobilisation, rsa_taux_suspension], rsa_apres_sanction


class obligation_15_heures(Reform):
    name = "Obligation de 15 heures d'activité et sanctions de suspension-remobilisation du RSA (scénario)"
    parametres = PARAMETRES

    def apply(self):
        part, taux = float(self.parametres["part_sanctionnee"]), float(self.parametres["taux_suspension"])
        graine, debut = int(self.parametres["graine"]), str(self.parametres["debut"])
        if not 0 <= part <= 1:
            raise ValueError(f"obligation_15_heures: part_sanctionnee must be between 0 and 1, not {part}")
        if not 0.3 <= taux <= 1:
            raise ValueError(f"obligation_15_heures: taux_suspension must be between 0.3 (décret 2025-478) and 1, not {taux}")
        if debut < DEBUT_SANCTIONS:
            raise ValueError(f"obligation_15_heures: debut must be {DEBUT_SANCTIONS} or later (décret 2025-478), not {debut}")
        rsa = self.get_variable("rsa")
        rsa_de_base = formule_de_la_loi(rsa)  # the law's RSA, before any sanction
        for variable in (dispense_obligation_activite, heures_activite_hebdomadaires, sans_solution_de_garde):
            self.add_variable(variable)
        nouvelles, rsa_apres_sanction = _variables(part, taux, graine, debut, rsa_de_base)
        for variable in nouvelles:
            self.add_variable(variable)
        self.update_variable(avec_formule(rsa, debut, rsa_apres_sanction))


class obligation_15_heures_suspension_totale(obligation_15_heures):
    """The same scenario with the whole RSA suspended (``taux_suspension`` 1), within the 50 % cap of
    households of more than one person."""

    name = "Obligation de 15 heures d'activité, suspension totale du RSA dans la limite de R262-68-6 (scénario)"
    parametres = {**PARAMETRES, "taux_suspension": 1.0}
