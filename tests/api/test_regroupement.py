"""Requests computed together (openfisca_metropole.api.Calculateur) give the results they give alone.

In process: ``calcule_ensemble`` on situations of one shape against ``calcule`` on each; the shapes
that must not be merged. Through the served API: concurrent requests with other salaries, each
answer equal to the same request sent alone, and at least one answer computed with others.
"""

from __future__ import annotations

import copy
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from openfisca_metropole.api import Limites, Verificateur, _signature, calcule, calcule_ensemble, systeme

DEMANDES_FAMILLE = ("rsa", "rsa_forfait_logement", "ppa", "css_droit", "cmu_c", "css_participation_forfaitaire", "af", "cf")
DEMANDES_PERSONNE = ("iae_eligible_aci", "iae_nb_criteres_niveau_2", "age")


@pytest.fixture(scope="module")
def tbs():
    return systeme()


def variante(exemple: dict, salaire: float, loyer: float, enfants: int) -> dict:
    """The example family with karim's yearly salary, the rent, and its first ``enfants`` children;
    asking for the values of DEMANDES_* in 2025-06."""
    situation = copy.deepcopy(exemple)
    situation["individus"]["karim"]["salaire_net"] = {"2024": salaire, "2025": salaire}
    situation["menages"]["menage_1"]["loyer"] = {"2025-06": loyer}
    gardes = ["ines", "yanis"][:enfants]
    for nom in ("ines", "yanis"):
        if nom not in gardes:
            del situation["individus"][nom]
    situation["familles"]["famille_1"]["enfants"] = gardes
    situation["foyers_fiscaux"]["foyer_fiscal_1"]["personnes_a_charge"] = gardes
    situation["menages"]["menage_1"]["enfants"] = gardes
    for nom in DEMANDES_FAMILLE:
        if nom != "af":  # af is given by month in the example
            situation["familles"]["famille_1"][nom] = {"2025-06": None}
    for personne in situation["individus"].values():
        for nom in DEMANDES_PERSONNE:
            personne[nom] = {"2025-06": None}
    return situation


# Salaries across the RSA, the prime and the CSS with a contribution; rents; 1 or 2 children.
CAS = [(salaire, loyer, enfants) for salaire in (0, 8400, 15000, 24000) for loyer, enfants in ((620, 2), (450, 1))]


def test_ensemble_egal_a_seul(tbs, exemple):
    verificateur = Verificateur(tbs, Limites())
    situations = [variante(exemple, *cas) for cas in CAS]
    # same shape only within a number of children: check each group, and that the shapes differ
    for enfants in (1, 2):
        groupe = [s for s, cas in zip(situations, CAS) if cas[2] == enfants]
        assert len({_signature(s) for s in groupe}) == 1
        seuls = [calcule(tbs, copy.deepcopy(s), verificateur.verifie(copy.deepcopy(s))) for s in groupe]
        ensemble = calcule_ensemble(tbs, [copy.deepcopy(s) for s in groupe], [verificateur.verifie(copy.deepcopy(s)) for s in groupe])
        assert ensemble == seuls
    # the cases cover RSA households and households without it, with and without contribution
    valeurs = {(r["familles"]["famille_1"]["rsa"]["2025-06"] > 0, r["familles"]["famille_1"]["css_droit"]["2025-06"]) for r in seuls}
    assert (True, "gratuite") in valeurs and (False, "avec_participation") in valeurs, valeurs


def test_formes_differentes(exemple):
    """An input given by one situation and not by another, or an entity one describes and the
    other not: not the same shape, never merged."""
    base = variante(exemple, 8400, 620, 2)
    autre = copy.deepcopy(base)
    autre["individus"]["sarah"]["salaire_net"] = {"2025-05": 300}
    assert _signature(autre) != _signature(base)
    sans_foyer = copy.deepcopy(base)
    del sans_foyer["foyers_fiscaux"]
    assert _signature(sans_foyer) != _signature(base)
    valeur = copy.deepcopy(base)
    valeur["individus"]["karim"]["salaire_net"]["2025"] = 9000
    assert _signature(valeur) == _signature(base)


def test_requetes_simultanees_egales_aux_requetes_seules(api, exemple):
    """12 requests sent at once on 6 connections (a worker of 8 threads computes the waiting ones
    together), each answer equal to the same request sent alone."""
    corps = [json.dumps(variante(exemple, 6000 + 1500 * k, 620, 2)).encode() for k in range(12)]
    seuls = [api.poste("/calculate", c, "application/json") for c in corps]
    assert all(statut == 200 for statut, _, _ in seuls)
    ensembles = []
    for _ in range(5):  # merging depends on timing: retry until some were computed together
        with ThreadPoolExecutor(6) as pool:
            reponses = list(pool.map(lambda c: api.poste_entetes("/calculate", c), corps))
        assert [r[1] for r in reponses] == [s[1] for s in seuls]
        ensembles = [int(r[2].get("Metropole-Computed-Together", "1")) for r in reponses]
        if max(ensembles) > 1:
            break
    assert max(ensembles) > 1, ensembles


def test_attente_des_requetes_en_lecture(tbs, exemple):
    """The computing thread waits for the requests being read (``--batch-wait``): every request
    read is counted until it is queued or refused, so that none is waited for after it failed.
    Requests sent at once by 8 threads answer what they answer alone."""
    from openfisca_metropole.api import creer_application

    app = creer_application(tbs=tbs, limites=Limites(octets=20_000), attente=0.05)
    calculateur = app.extensions["metropole_calculateur"]
    client = app.test_client()
    corps = [json.dumps(variante(exemple, 6000 + 1500 * k, 620, 2)) for k in range(8)]
    seuls = [client.post("/calculate", data=c, content_type="application/json").get_json() for c in corps]
    assert calculateur._lues == 0
    refuses = {
        "{": 400,  # not JSON
        json.dumps({"individus": {"a": {"inconnue": {"2025-06": None}}}}): 400,  # unknown variable
        json.dumps({"individus": {"a": {"salaire_net": {"2025-06": "x" * 30_000}}}}): 413,  # body too large
    }
    for texte, statut in refuses.items():
        assert client.post("/calculate", data=texte, content_type="application/json").status_code == statut
    assert client.post("/calculate", data=corps[0], content_type="text/plain").status_code == 415
    assert calculateur._lues == 0

    def poste(c):
        reponse = app.test_client().post("/calculate", data=c, content_type="application/json")
        return reponse.get_json(), int(reponse.headers["Metropole-Computed-Together"])

    with ThreadPoolExecutor(8) as pool:
        reponses = list(pool.map(poste, corps))
    assert [r[0] for r in reponses] == seuls
    assert calculateur._lues == 0
    assert max(r[1] for r in reponses) > 1, [r[1] for r in reponses]


def test_le_fil_attend_une_requete_lue_et_seulement_elle():
    """The computing thread waits for a request being read (``lit``), not for nothing: with a wait
    of 30 s, a lone request answers at once; a request queued while another is being read is
    computed only once that other one is queued (in the same batch), and no later than that."""
    import threading
    import time

    from openfisca_metropole.api import Calculateur

    calculateur = Calculateur(attente=30)
    calcules = []

    def fonction(tbs, situation, demandes, secondes):
        calcules.append((situation["n"], time.monotonic()))
        return situation["n"]

    with ThreadPoolExecutor(2) as pool:
        assert pool.submit(calculateur.execute, fonction, None, {"n": 0}, [], 0).result(timeout=10) == (0, 1)
        calculateur.lit()  # a request is being read...
        seule = pool.submit(calculateur.execute, fonction, None, {"n": 1}, [], 0)
        time.sleep(0.3)
        assert not seule.done()  # ...so the one queued waits for it
        envoi = time.monotonic()
        lue = pool.submit(calculateur.execute, fonction, None, {"n": 2}, [], 0, lue=True)
        assert seule.result(timeout=10) == (1, 1) and lue.result(timeout=10) == (2, 1)
    assert [n for n, _ in calcules] == [0, 1, 2]
    assert calcules[1][1] >= envoi  # computed once the request read was queued, not before
    assert calculateur._lues == 0
    assert threading.active_count() >= 2  # the computing thread lives on
