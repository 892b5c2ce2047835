"""The time limit of a request (--time-limit): a computation past it answers 503 with a JSON error,
and the worker's computing thread goes on with the next requests."""

from __future__ import annotations

import copy
import json

import pytest

from openfisca_metropole.api import (
    Calculateur,
    DureeDepassee,
    Limites,
    Verificateur,
    calcule,
    creer_application,
    systeme,
)


@pytest.fixture(scope="module")
def tbs():
    return systeme()


def test_503_au_dela_de_la_limite(tbs, exemple):
    client = creer_application(limites=Limites(secondes=0.001), tbs=tbs).test_client()
    reponse = client.post("/calculate", data=json.dumps(exemple), content_type="application/json")
    assert reponse.status_code == 503, reponse.get_data(as_text=True)[:300]
    assert "took more than 0.001 s" in reponse.get_json()["error"]


def test_le_fil_de_calcul_continue_apres(tbs, exemple):
    calculateur = Calculateur()
    demandes = Verificateur(tbs, Limites()).verifie(copy.deepcopy(exemple))
    with pytest.raises(DureeDepassee):
        calculateur.execute(calcule, tbs, copy.deepcopy(exemple), demandes, 1e-6)
    resultat, ensemble = calculateur.execute(calcule, tbs, copy.deepcopy(exemple), demandes, 30)
    assert ensemble == 1
    assert abs(resultat["familles"]["famille_1"]["rsa"]["2025-06"] - 315.57) < 0.02
