"""openfisca_metropole: the legislation of a French Métropole's insertion policies, as an OpenFisca
country package (RSA, prime d'activité, CMU-C/ACS/complémentaire santé solidaire, IAE criteria, local
aids).

    >>> from openfisca_metropole import CountryTaxBenefitSystem
    >>> tbs = CountryTaxBenefitSystem()
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_metropole import entities
from openfisca_metropole.situation_examples import couple_deux_enfants_lyon

try:
    __version__ = version("openfisca-metropole")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"


def data_folder(name: str) -> Path:
    """Where the root-level folder ``name`` (parameters, variables, reforms) is installed.

    Found through the imported subpackage, so that a wheel install (site-packages) and an editable
    install (the repository root) both work: never derived from this file's own location.
    """
    module = import_module(f"{__name__}.{name}")
    return Path(next(iter(module.__path__)))


class CountryTaxBenefitSystem(TaxBenefitSystem):
    """The tax-benefit system of openfisca_metropole: entities, variables and parameters."""

    CURRENCY = "€"

    def __init__(self) -> None:
        super().__init__(entities.entities)
        self.add_variables_from_directory(str(data_folder("variables")))
        self.load_parameters(str(data_folder("parameters")))
        self.open_api_config = {
            "variable_example": "rsa",
            "parameter_example": "prestations.rsa.montant_forfaitaire",
            "simulation_example": couple_deux_enfants_lyon,
        }

    def get_package_metadata(self) -> dict[str, str]:
        """Package metadata, with ``location`` set so that source links match the repository.

        openfisca-core links a variable to ``{Repository}/blob/{version}/{path relative to location}``.
        Our variables live in the repository's root folder ``variables/``, so ``location`` is the
        folder that holds ``variables/``, in a wheel (site-packages/openfisca_metropole) as in an
        editable install (the repository root).
        """
        metadata = super().get_package_metadata()
        if self.baseline is None:
            metadata["location"] = str(data_folder("variables").parent)
        return metadata
