"""The web API tests run against the real server: ``metropole serve`` under gunicorn, started once
for the session on a free port of 127.0.0.1, with small limits, and stopped by its process group.

HTTP goes through the standard library only (http.client), so that what is sent is exactly the
bytes written in the test: no client adds a content type or re-encodes the body.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Limits of the server under test: small, so that the 413 cases stay small requests.
LIMITES = {
    "max_body": 200_000,
    "max_persons": 20,
    "max_values": 300,
    "max_axes_persons": 2_000,
    "time_limit": 10,
}
ATTENTE_DEMARRAGE = 90  # seconds for the server to answer /spec


def _port_libre() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as prise:
        prise.bind(("127.0.0.1", 0))
        return prise.getsockname()[1]


def _json_strict(texte: str):
    """JSON as RFC 8259 defines it: NaN and Infinity are not JSON."""

    def refuse(nom):
        raise ValueError(f"{nom} is not JSON")

    return json.loads(texte, parse_constant=refuse)


class Client:
    """Requests to the served API. Every call returns (status, parsed JSON or None, raw text)."""

    def __init__(self, base: str) -> None:
        self.base = base
        morceaux = urlsplit(base)
        self.hote, self.port = morceaux.hostname, morceaux.port

    def requete(self, methode: str, chemin: str, corps: bytes | None = None, type_contenu: str | None = None):
        statut, donnees, texte, _entetes = self._requete(methode, chemin, corps, type_contenu)
        return statut, donnees, texte

    def _requete(self, methode: str, chemin: str, corps: bytes | None, type_contenu: str | None):
        connexion = http.client.HTTPConnection(self.hote, self.port, timeout=60)
        try:
            entetes = {"Content-Type": type_contenu} if type_contenu is not None else {}
            connexion.request(methode, chemin, body=corps, headers=entetes)
            reponse = connexion.getresponse()
            texte = reponse.read().decode("utf-8", errors="replace")
            statut = reponse.status
            entetes_reponse = dict(reponse.getheaders())
        finally:
            connexion.close()
        try:
            donnees = _json_strict(texte)
        except ValueError:
            donnees = None
        return statut, donnees, texte, entetes_reponse

    def poste_entetes(self, chemin: str, corps: bytes):
        """POST a JSON body; (status, parsed JSON or None, response headers)."""
        statut, donnees, _texte, entetes = self._requete("POST", chemin, corps, "application/json")
        return statut, donnees, entetes

    def poste(self, chemin: str, corps: bytes, type_contenu: str | None = "application/json"):
        """POST raw bytes with this Content-Type (None: no Content-Type header at all)."""
        return self.requete("POST", chemin, corps, type_contenu)

    def poste_json(self, chemin: str, donnees):
        return self.poste(chemin, json.dumps(donnees).encode("utf-8"))

    def lit(self, chemin: str):
        return self.requete("GET", chemin)


@pytest.fixture(scope="session")
def serveur_api(tmp_path_factory):
    """The base URL (http://127.0.0.1:PORT) of ``metropole serve`` run for the session."""
    metropole = Path(sys.executable).with_name("metropole")
    if not metropole.exists():
        pytest.fail(f"{metropole} not found: install the package in this environment (pip install -e .[dev])")
    port = _port_libre()
    journal = tmp_path_factory.mktemp("serveur_api") / "gunicorn.log"
    commande = [
        str(metropole), "serve",
        "--bind", f"127.0.0.1:{port}",
        "--workers", "1",
        "--max-body", str(LIMITES["max_body"]),
        "--max-persons", str(LIMITES["max_persons"]),
        "--max-values", str(LIMITES["max_values"]),
        "--max-axes-persons", str(LIMITES["max_axes_persons"]),
        "--time-limit", str(LIMITES["time_limit"]),
    ]  # fmt: skip
    with open(journal, "wb") as sortie:
        processus = subprocess.Popen(commande, stdout=sortie, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _attend(processus, Client(base), journal)
        yield base
    finally:
        _arrete(processus)


def _attend(processus, client: Client, journal: Path) -> None:
    limite = time.monotonic() + ATTENTE_DEMARRAGE
    while time.monotonic() < limite:
        if processus.poll() is not None:
            pytest.fail(f"metropole serve stopped (code {processus.returncode}):\n{journal.read_text()[-3000:]}")
        try:
            if client.lit("/spec")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"metropole serve did not answer /spec within {ATTENTE_DEMARRAGE} s:\n{journal.read_text()[-3000:]}")


def _arrete(processus) -> None:
    """SIGTERM to the server's process group (gunicorn's arbiter and its worker), SIGKILL if it lingers."""
    if processus.poll() is not None:
        return
    try:
        os.killpg(processus.pid, signal.SIGTERM)
        processus.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(processus.pid, signal.SIGKILL)
        processus.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def api(serveur_api) -> Client:
    """A client of the served API."""
    return Client(serveur_api)


@pytest.fixture(scope="session")
def limites() -> dict:
    """The limits the served API was started with."""
    return dict(LIMITES)


@pytest.fixture
def exemple():
    """A fresh copy of the example situation couple_deux_enfants_lyon (tests may change it)."""
    from openfisca_metropole.situation_examples import load

    return load("couple_deux_enfants_lyon")
