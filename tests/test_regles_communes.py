"""The group reductions of regles_communes against openfisca-core's own (max, min, all), on random
groups of random sizes with members of every role."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from openfisca_core.simulations import SimulationBuilder

from openfisca_metropole.entities import Famille
from openfisca_metropole.regles_communes import maximum_du_groupe, minimum_du_groupe, tous_du_groupe


def _familles(tbs, tailles):
    """A simulation whose familles have the given sizes: one or two parents, then children."""
    individus, familles = {}, {}
    for f, taille in enumerate(tailles):
        membres = [f"i{f}_{k}" for k in range(taille)]
        individus.update({nom: {} for nom in membres})
        parents = membres[: 1 + (taille > 2)]
        familles[f"f{f}"] = {"parents": parents, "enfants": membres[len(parents):]}
    simulation = SimulationBuilder().build_from_entities(tbs, {"individus": individus, "familles": familles})
    return simulation.populations["famille"]


@settings(max_examples=40, deadline=None)
@given(
    tailles=st.lists(st.integers(1, 6), min_size=1, max_size=12),
    graine=st.integers(0, 2**32 - 1),
    role=st.sampled_from([None, Famille.PARENT, Famille.ENFANT]),
)
def test_reductions_equal_openfisca_core(tbs, tailles, graine, role):
    famille = _familles(tbs, tailles)
    rng = np.random.default_rng(graine)
    valeurs = rng.integers(-5, 30, famille.members.count).astype(float)
    booleens = rng.random(famille.members.count) < 0.7
    np.testing.assert_array_equal(maximum_du_groupe(famille, valeurs, role), famille.max(valeurs, role=role))
    np.testing.assert_array_equal(minimum_du_groupe(famille, valeurs, role), famille.min(valeurs, role=role))
    np.testing.assert_array_equal(tous_du_groupe(famille, booleens, role), famille.all(booleens, role=role))
