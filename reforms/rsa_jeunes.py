"""Scenario: the RSA opened to young adults from ``age`` (default 18), from ``debut``.

L262-4 1° CASF reserves the RSA to persons aged 25 or more, or who have a dependent child (born or to
be born); L262-7-1 opens it between 18 and 24 to those who worked 3 214 hours in the three years
before the claim (RSA jeune actif). This scenario lowers the age condition of L262-4 to ``age``: every
other condition (nationality and residence, students excluded, resources) is unchanged. The RSA
jeune's hours condition therefore stops mattering from ``age``; below it, the law in force applies.

Parameters (``metropole compare --param``): ``age`` (18 to 25), ``debut`` (default 2009-06-01, so that
the scenario applies to any month simulated).

    openfisca serve -c openfisca_metropole -r openfisca_metropole.reforms.rsa_jeunes.rsa_jeunes
"""

from openfisca_core.reforms import Reform

PARAMETRES = {"age": 18, "debut": "2009-06-01"}


class rsa_jeunes(Reform):
    name = "RSA ouvert aux jeunes de 18 à 24 ans"
    parametres = PARAMETRES

    def apply(self):
        age = int(self.parametres["age"])
        if not 18 <= age <= 25:
            raise ValueError(f"rsa_jeunes: age must be between 18 and 25, not {age}")
        debut = str(self.parametres["debut"])

        def abaisse_l_age(parameters):
            parameters.prestations.rsa.conditions.age_minimum.update(start=debut, value=age)
            return parameters

        self.modify_parameters(modifier_function=abaisse_l_age)
