"""Wheel smoke test of the web API: start `openfisca serve`, then `metropole serve`, on a free
loopback port, check /spec, /variables and /calculate on the bundled example (and, on `metropole
serve`, an `axes` request and a malformed one), stop each server by its PID.

Run with the Python of the environment where the wheel is installed, from outside the repository.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def requete(url: str, donnees: dict | None = None):
    corps = None if donnees is None else json.dumps(donnees).encode()
    req = urllib.request.Request(url, data=corps, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as reponse:
        return reponse.status, json.loads(reponse.read())


def requete_brute(url: str, corps: bytes):
    req = urllib.request.Request(url, data=corps, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as reponse:
            return reponse.status, json.loads(reponse.read())
    except urllib.error.HTTPError as erreur:
        return erreur.code, json.loads(erreur.read())


def main() -> int:
    for commande in ("openfisca", "metropole"):
        if essaie(commande):
            return 1
    return 0


def essaie(commande: str) -> int:
    from openfisca_metropole.situation_examples import load

    executable = str(Path(sys.executable).with_name(commande))
    port = port_libre()
    if commande == "openfisca":
        arguments = [executable, "serve", "--country-package", "openfisca_metropole"]
    else:
        arguments = [executable, "serve"]
    serveur = subprocess.Popen(
        [*arguments, "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                requete(f"{base}/spec")
                break
            except OSError:
                time.sleep(0.5)
        else:
            print(f"smoke: {commande} serve did not answer within 60 s", file=sys.stderr)
            return 1
        statut, spec = requete(f"{base}/spec")
        assert statut == 200 and spec["openapi"].startswith("3."), spec.get("openapi")
        statut, variables = requete(f"{base}/variables")
        assert statut == 200 and "age" in variables, sorted(variables)[:5]
        statut, variable = requete(f"{base}/variable/age")
        assert "/blob/" in variable["source"] and "/variables/demographie/age.py" in variable["source"], variable["source"]
        situation = load("couple_deux_enfants_lyon")
        statut, reponse = requete(f"{base}/calculate", situation)
        assert statut == 200, statut
        ages = {nom: p["age"]["2025-06"] for nom, p in reponse["individus"].items()}
        # born 1987-03-14, 1990-09-02, 2015-05-20, 2019-11-08: ages on 1 June 2025
        assert ages == {"karim": 38, "sarah": 34, "ines": 10, "yanis": 5}, ages
        assert reponse["familles"]["famille_1"]["en_couple"]["2025-06"] is True
        # 646.52 × 2.1 − 700 − (149.26 + 149.26 + 151.80) / 3 − 0.165 × 1.8 × 646.52 (see tests/test_situations.py)
        rsa = reponse["familles"]["famille_1"]["rsa"]["2025-06"]
        assert abs(rsa - 315.57) < 0.02, rsa
        print(f"smoke: {commande} serve on 127.0.0.1:{port} answered /spec, /variables, /variable/age, /calculate (rsa {rsa:.2f})")
        if commande == "metropole":
            situation = load("couple_deux_enfants_lyon")
            situation["axes"] = [[{"name": "salaire_net", "min": 0, "max": 3000, "count": 3, "period": "2025-03"}]]
            statut, reponse = requete(f"{base}/calculate", situation)
            points = reponse["familles"]["famille_1"]["rsa"]["2025-06"]
            assert statut == 200 and len(points) == 3 and points[0] > points[2], points
            statut, reponse = requete_brute(f"{base}/calculate", b'{"individus": {"a": {"age": {"2025": null}}}}')
            assert statut == 400 and "age" in reponse["error"], (statut, reponse)
            print(f"smoke: metropole serve answered axes (rsa {points}) and a malformed request with 400")
        return 0
    finally:
        os.killpg(serveur.pid, signal.SIGTERM)
        serveur.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
