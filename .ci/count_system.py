"""Print how many variables and parameters the installed package loads (compared across installs)."""

from openfisca_metropole import CountryTaxBenefitSystem

tbs = CountryTaxBenefitSystem()
parametres = [p for p in tbs.parameters.get_descendants() if not hasattr(p, "children")]
print(f"{len(tbs.variables)} variables, {len(parametres)} parameters")
