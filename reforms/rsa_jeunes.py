"""Scenario: the RSA opened to young adults from ``age`` (default 18), from ``debut``.

L262-4 1° CASF reserves the RSA to persons aged 25 or more, or who have a dependent child (born or to
be born); L262-7-1 opens it between 18 and 24 to those who worked 3 214 hours in the three years
before the claim (RSA jeune actif). This scenario has two variants:

- without an hours condition (``heures`` 0, the default): the age condition of L262-4 is lowered to
  ``age``; every other condition (nationality and residence, students excluded, resources) is
  unchanged. The RSA jeune's hours condition stops mattering from ``age``; below it, the law applies;
- with the RSA jeune's hours condition (``heures`` > 0; class ``rsa_jeunes_condition_heures``: one
  year of full-time work, 1 607 hours): L262-4 stays at 25, and the RSA jeune of L262-7-1 is opened
  from ``age`` to those who worked ``heures`` hours within the three years before the claim
  (``heures_travaillees_trois_ans``, or ``rsa_jeune_condition_heures_travail_remplie`` given). With
  ``age`` 18 and ``heures`` 3 214 it is the law (D262-25-1).

Parameters (``metropole compare --param``): ``age`` (18 to 25), ``heures`` (0, or 1 to 3 214),
``debut`` (default 2009-06-01, so that the scenario applies to any month simulated; the hours variant
from 2010-09-01, when the RSA jeune began).

    openfisca serve -c openfisca_metropole -r openfisca_metropole.reforms.rsa_jeunes.rsa_jeunes
"""

from openfisca_core.reforms import Reform

PARAMETRES = {"age": 18, "heures": 0.0, "debut": "2009-06-01"}
DEBUT_RSA_JEUNE = "2010-09-01"  # décret n° 2010-961


class rsa_jeunes(Reform):
    name = "RSA ouvert aux jeunes de 18 à 24 ans"
    parametres = PARAMETRES

    def apply(self):
        age = int(self.parametres["age"])
        if not 18 <= age <= 25:
            raise ValueError(f"rsa_jeunes: age must be between 18 and 25, not {age}")
        heures = float(self.parametres["heures"])
        if not 0 <= heures <= 3214:
            raise ValueError(f"rsa_jeunes: heures must be between 0 and 3214, not {heures}")
        debut = str(self.parametres["debut"])

        def abaisse_l_age(parameters):
            conditions = parameters.prestations.rsa.conditions
            if heures:
                debut_jeune = max(debut, DEBUT_RSA_JEUNE)
                conditions.rsa_jeune.age_minimum.update(start=debut_jeune, value=age)
                conditions.rsa_jeune.heures_travail.update(start=debut_jeune, value=heures)
            else:
                conditions.age_minimum.update(start=debut, value=age)
            return parameters

        self.modify_parameters(modifier_function=abaisse_l_age)


class rsa_jeunes_condition_heures(rsa_jeunes):
    """The RSA jeune opened from 18 with one year of full-time work (1 607 hours, the annual
    reference working time of L3121-27 Code du travail) instead of two."""

    name = "RSA jeune ouvert dès 18 ans avec 1 607 heures de travail sur trois ans"
    parametres = {**PARAMETRES, "heures": 1607.0}
