"""Scenario: "solidarité à la source" taken further. The resources of the RSA and of the prime
d'activité are pre-filled as soon as they are paid, which (1) brings the reference months back to the
three months before the claim or review, and (2) raises take-up.

What the law does today. Décret n° 2025-185 du 26 février 2025 generalised, from 1 March 2025, the
quarterly declarations pre-filled with the earnings the employers declare (DSN, "montant net social")
and, so that these data are available in time, moved the reference months of both benefits from
M-3..M-1 to M-4..M-2 (R262-7 CASF for the RSA, R843-1 CSS for the prime). The benefit of month M
follows the household's resources with a lag of two to four months.

What the scenario assumes (both are assumptions, not measured effects):

- ``decalage`` (default 1): the months between the month computed and the last reference month, from
  ``debut`` (default 2025-03-01). With data transmitted within the month, the last reference month can
  be M-1 again (M-3..M-1), as before the décret; ``decalage=2`` keeps today's lag and isolates the
  take-up effect. Allowed: 1 or 2 (the resources of month M are not known during month M).
- ``baisse_non_recours`` (default 0.2): the share of the RSA's and the prime's non-take-up that
  pre-filling removes, from ``debut``: each non-take-up rate of ``parameters/non_recours/rsa`` and
  ``ppa`` is multiplied by (1 − ``baisse_non_recours``). No official measure of the effect of the
  pre-filled declarations on take-up has been published (the DREES rates date from 2018 for the RSA,
  2016 for the prime); the default is an illustration, to be replaced by the analyst's hypothesis.
  It shows only with a take-up mode (``metropole compare --recours expected|draw``); with ``draw``, a
  household that claims in the baseline still claims (same draw, higher probability).

The CSS's own rules are not touched (its resources are the twelve months M-13..M-2, R861-8 CSS), but
it is granted with the RSA (L861-2 CSS): the households the scenario brings to the RSA get it too.

    metropole compare --reform declaration_preremplie --recours expected --param baisse_non_recours=0.3
    openfisca serve -c openfisca_metropole -r openfisca_metropole.reforms.declaration_preremplie.declaration_preremplie
"""

from openfisca_core.reforms import Reform

from openfisca_metropole.reforms import revalorise

PARAMETRES = {"decalage": 1, "baisse_non_recours": 0.2, "debut": "2025-03-01"}


class declaration_preremplie(Reform):
    name = "Déclarations préremplies : mois de référence M-3 à M-1 et recours accru au RSA et à la prime d'activité"
    parametres = PARAMETRES

    def apply(self):
        decalage = int(self.parametres["decalage"])
        baisse = float(self.parametres["baisse_non_recours"])
        debut = str(self.parametres["debut"])
        if decalage not in (1, 2):
            raise ValueError(f"declaration_preremplie: decalage must be 1 or 2, not {decalage}")
        if not 0 <= baisse <= 1:
            raise ValueError(f"declaration_preremplie: baisse_non_recours must be between 0 and 1, not {baisse}")

        def modifie(parameters):
            for prestation in (parameters.prestations.rsa, parameters.prestations.prime_activite):
                # without a stop, ``update`` replaces every value from ``debut`` on
                prestation.ressources.mois_reference.decalage.update(start=debut, value=decalage)
            non_recours = parameters.non_recours
            for taux in (non_recours.rsa.ensemble, non_recours.rsa.famille_monoparentale, non_recours.rsa.couple_sans_enfant, non_recours.ppa):
                revalorise(taux, debut, 1 - baisse)
            return parameters

        self.modify_parameters(modifier_function=modifie)
