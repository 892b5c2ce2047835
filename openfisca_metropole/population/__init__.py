"""Whole-population runs: the person-level table, its validation, the vectorised builder and the
summaries by territory (``metropole population``, ``metropole simule``)."""

from openfisca_metropole.population.schema import description, valide
from openfisca_metropole.population.simulation import ErreurPopulation, Resultats, lit, simule

__all__ = ["ErreurPopulation", "Resultats", "description", "lit", "simule", "valide"]
