"""Scenario: a local top-up the Métropole pays each month to the households receiving the RSA.

No such aid exists: this is a scenario for the Métropole to price. ``complement_metropole`` (famille,
€ a month) is ``montant`` for a household of one person plus ``par_personne`` for each other person
of the RSA household (spouse, dependent children), paid from ``debut`` to every famille whose RSA is
above zero, and claimed with the RSA (in a take-up mode, a household that does not claim the RSA
does not get it). It is not counted in any resource.

Parameters (``metropole compare --param``): ``montant`` (default 50), ``par_personne`` (default 25),
``debut`` (default 2025-01-01).

    openfisca serve -c openfisca_metropole -r openfisca_metropole.reforms.complement_metropole.complement_metropole
"""

from openfisca_core.reforms import Reform

from openfisca_metropole.model_api import MONTH, Famille, Variable, np

PARAMETRES = {"montant": 50.0, "par_personne": 25.0, "debut": "2025-01-01"}


def _variable(montant: float, par_personne: float, debut: str):
    class complement_metropole(Variable):
        value_type = float
        entity = Famille
        definition_period = MONTH
        label = "Complément de la Métropole aux foyers au RSA (scénario)"
        unit = "currency-EUR"

        def formula(famille, period):
            """Scenario: from ``debut``, ``montant`` plus ``par_personne`` for each person of the RSA
            household beyond the first, to a famille whose RSA is paid."""
            if str(period.start) < debut:
                return famille.filled_array(0.0)
            personnes = 1 + famille("rsa_couple", period) + famille("rsa_nb_enfants", period)  # as the forfait logement counts them
            return np.where(famille("rsa", period) > 0, montant + par_personne * (personnes - 1), 0.0)

    return complement_metropole


class complement_metropole(Reform):
    name = "Complément de la Métropole aux foyers au RSA (scénario)"
    parametres = PARAMETRES
    # Amounts the scenario pays, with the benefit whose claim they follow (metropole compare).
    versements = {"complement_metropole": "rsa"}

    def apply(self):
        montant, par_personne = float(self.parametres["montant"]), float(self.parametres["par_personne"])
        if montant < 0 or par_personne < 0:
            raise ValueError("complement_metropole: montant and par_personne must be 0 or more")
        self.add_variable(_variable(montant, par_personne, str(self.parametres["debut"])))
