"""Scenario: the montant forfaitaire of the RSA and of the prime d'activité raised by ``taux`` from
``debut``.

The montant forfaitaire of one person (L262-2 CASF for the RSA, L842-3 CSS for the prime) is fixed by
decree and revalued each April. This scenario multiplies by (1 + ``taux``) every value in force from
``debut``: the one in force at that date and the later revaluations. Everything computed from the
montant forfaitaire follows (the amounts for a couple and for children, the majoré RSA, the forfait
logement, the ceilings of the prime). A negative ``taux`` lowers it.

Parameters (``metropole compare --param``): ``taux`` (default 0.05; between -0.5 and 1), ``debut``
(default 2025-01-01).

    openfisca serve -c openfisca_metropole -r openfisca_metropole.reforms.revalorisation.revalorisation
"""

from openfisca_core.reforms import Reform

from openfisca_metropole.reforms import revalorise

PARAMETRES = {"taux": 0.05, "debut": "2025-01-01"}


class revalorisation(Reform):
    name = "Revalorisation du montant forfaitaire du RSA et de la prime d'activité"
    parametres = PARAMETRES

    def apply(self):
        taux = float(self.parametres["taux"])
        if not -0.5 <= taux <= 1:
            raise ValueError(f"revalorisation: taux must be between -0.5 and 1, not {taux}")
        debut = str(self.parametres["debut"])

        def modifie(parameters):
            for prestation in (parameters.prestations.rsa, parameters.prestations.prime_activite):
                revalorise(prestation.montant_forfaitaire, debut, 1 + taux)
            return parameters

        self.modify_parameters(modifier_function=modifie)
