"""Load benchmark of the web API: POST /calculate under `metropole serve`, 1 and 2 workers.

Requests per second and latency percentiles, written to benchmarks/RESULTS.md. Figures are
recorded, never asserted.

    python benchmarks/api_load.py                         # 1 then 2 workers, 20 s each
    python benchmarks/api_load.py --repetitions 3         # each 3 times, to see the spread
    python benchmarks/api_load.py --workers 2 --duree 60 --connexions 8
    python benchmarks/api_load.py --formes-distinctes     # no two requests computed together
    python benchmarks/api_load.py --serveur "--threads 1" # options given to metropole serve
    python benchmarks/api_load.py --fermer                # a new connection for each request
    python benchmarks/api_load.py --no-varier             # the same body every time

The request is one family's pre-instruction: the bundled couple with two children in Lyon
(openfisca_metropole/situation_examples/couple_deux_enfants_lyon.json: rsa, rsa_forfait_logement, ppa,
css_droit of 2025-06, and age, enfant_a_charge, ppa_bonification of each person) plus the IAE diagnosis
of each person (iae_eligible_ei, _aci, _etti, _ai, iae_nb_criteres_niveau_1 and _2). By default each
request carries another salary (the yearly salaire_net of 2024 and 2025 of the first person, from
6 000 € upwards, never twice the same, warm-up included), so that no cache could flatter the figures.

The server may compute the requests that wait at the same time together, in one simulation, when they
have the same shape (the same inputs for the same periods); it says so in the header
Metropole-Computed-Together, whose mean the table records. The requests of this benchmark all have the
same shape, like the requests of one form of one tool. --formes-distinctes gives each request another
shape (an input no rule reads: the second person's salaire_net of a month of 1950-1999), so that none
are computed together, like requests from different tools.

The server is `metropole serve` (next to this Python) on a free port of 127.0.0.1, in its own process
group, stopped by its PID at the end of each run. The load comes from wrk (a C load generator, closed
loop: each connection sends its next request when the previous answer is in) with a Lua script written
here; without wrk, from a Python client (threads, http.client), which takes CPU from the server on a
small machine and so makes the figures pessimistic: the output says which one ran. Latency is measured
by the client, from the request sent to the answer read; it includes the wait for a free worker when
there are more connections than the server computes at once. On a shared machine, each run first waits
(--attendre, 300 s at most) for the other processes to be idle, a run they disturbed anyway is run
again (--essais, 3 attempts at most, the least disturbed kept), and the table records the CPU they used
during it. The code measured (commit, and files changed since) is recorded; if it changes during the
benchmark, the results say so.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import http.client
import json
import os
import platform
import re
import resource
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from resultats import remplace_section

ICI = Path(__file__).resolve().parent
RACINE = ICI.parent
EXEMPLE = RACINE / "openfisca_metropole" / "situation_examples" / "couple_deux_enfants_lyon.json"
MOIS = "2025-06"
IAE = ["iae_eligible_ei", "iae_eligible_aci", "iae_eligible_etti", "iae_eligible_ai",
       "iae_nb_criteres_niveau_1", "iae_nb_criteres_niveau_2"]
SALAIRE = "__SALAIRE__"  # where the salary goes in the body template
FORME = "__FORME__"  # where the month that changes the shape goes (--formes-distinctes)
ENSEMBLE = "metropole-computed-together"  # header: requests computed in one simulation
CODE = ["openfisca_metropole", "variables", "parameters", "reforms"]  # what the server runs
# Targets for this request on a 2-core machine.
CIBLE_RPS = 150.0
CIBLE_P99_MS = 100.0
TIMEOUT_CLIENT_S = 15  # a request slower than this counts as an error (the server's limit is 10 s)


# ----- the request -----


def situation() -> dict:
    """The example family, with the IAE diagnosis of each person asked for."""
    donnees = json.loads(EXEMPLE.read_text(encoding="utf-8"))
    for personne in donnees["individus"].values():
        for nom in IAE:
            personne[nom] = {MOIS: None}
    return donnees


def modele_corps(formes_distinctes: bool) -> str:
    """The body, compact JSON, with SALAIRE where the yearly salary of the first person goes and,
    for distinct shapes, FORME where a month of the second person's salaire_net goes."""
    donnees = situation()
    personnes = list(donnees["individus"].values())
    personnes[0]["salaire_net"] = {"2024": SALAIRE, "2025": SALAIRE}
    if formes_distinctes:
        personnes[1]["salaire_net"] = {FORME: 0}
    texte = json.dumps(donnees, separators=(",", ":"), ensure_ascii=False)
    return texte.replace(f'"{SALAIRE}"', SALAIRE)


def salaire(k: int) -> str:
    """The k-th salary (€ a year): 6 000 € + 1.37 € × (k mod 12 000) + 0.01 € × (k div 12 000); all
    different for k below 1.6 million."""
    return f"{6000 + 1.37 * (k % 12_000) + 0.01 * (k // 12_000):.2f}"


def forme(k: int) -> str:
    """The k-th month of 1950-1999 (600 of them, in turn): no rule of 2025 reads it."""
    return f"{1950 + (k % 600) // 12}-{(k % 600) % 12 + 1:02d}"


def corps(modele: str, k: int | None) -> bytes:
    """The body of the k-th request; None: the example's own salary (8 400 € a year)."""
    texte = modele.replace(SALAIRE, "8400" if k is None else salaire(k))
    return texte.replace(FORME, forme(k or 0)).encode("utf-8")


# ----- the code measured -----


def empreinte_code() -> tuple[str, str]:
    """(a description of the code the server runs: commit and files changed since; a fingerprint
    that changes with any change to it)."""
    def git(*arguments: str) -> str:
        fini = subprocess.run(["git", *arguments], cwd=RACINE, capture_output=True, text=True)
        return fini.stdout if fini.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    changes = sorted(ligne[3:] for ligne in git("status", "--porcelain", "--", *CODE).splitlines() if ligne.strip())
    # The content of every file the server may load, committed or not (a commit alone changes nothing).
    empreinte = hashlib.sha1()
    fichiers = git("ls-files", "--cached", "--others", "--exclude-standard", "--", *CODE).splitlines()
    for chemin in sorted(set(fichiers)):
        fichier = RACINE / chemin
        if fichier.is_file():
            empreinte.update(chemin.encode() + b"\0" + fichier.read_bytes())
    description = f"commit {commit}"
    if changes:
        description += f" with uncommitted changes to {', '.join(changes)}"
    return description, empreinte.hexdigest()


# ----- the server -----


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def commande_serveur(workers: int, port: int, options: list[str]) -> list[str]:
    return [str(Path(sys.executable).parent / "metropole"), "serve", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), *options]


def demarre_serveur(commande: list[str], port: int, journal: Path) -> subprocess.Popen:
    with journal.open("wb") as sortie:
        processus = subprocess.Popen(commande, stdout=sortie, stderr=subprocess.STDOUT, start_new_session=True)
    debut = time.monotonic()
    while time.monotonic() - debut < 120:
        if processus.poll() is not None:
            raise SystemExit(f"metropole serve stopped (exit code {processus.returncode}):\n{journal.read_text()[-2000:]}")
        try:
            connexion = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connexion.request("GET", "/spec")
            reponse = connexion.getresponse()
            reponse.read()
            connexion.close()
            if reponse.status == 200:
                return processus
        except OSError:
            pass
        time.sleep(0.2)
    arrete_serveur(processus)
    raise SystemExit(f"metropole serve did not answer /spec within 120 s:\n{journal.read_text()[-2000:]}")


def arrete_serveur(processus: subprocess.Popen) -> None:
    """SIGTERM to gunicorn's master (by its PID: it stops its workers gracefully), then SIGKILL to the
    server's process group (its own session) for whatever is left, after 15 s at most."""
    if processus.poll() is None:
        processus.send_signal(signal.SIGTERM)
        try:
            processus.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(processus.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # the group is gone: master and workers have exited
    processus.wait()


def cpu_processus(pid: int) -> dict[int, float] | None:
    """CPU seconds (user + system) of the gunicorn master ``pid`` and of each of its workers, by
    PID; None off Linux."""
    tic = os.sysconf("SC_CLK_TCK")
    temps: dict[int, float] = {}
    try:
        entrees = list(os.scandir("/proc"))
    except OSError:
        return None
    for entree in entrees:
        if not entree.name.isdigit():
            continue
        try:
            texte = Path(entree.path, "stat").read_text()
        except OSError:
            continue
        champs = texte[texte.rindex(")") + 2:].split()  # after "pid (comm) "
        numero, parent = int(entree.name), int(champs[1])
        if numero == pid or parent == pid:
            temps[numero] = (int(champs[11]) + int(champs[12])) / tic
    return temps


def cpu_serveur(pid: int) -> float | None:
    """CPU seconds of the gunicorn master ``pid`` and its workers; None off Linux."""
    temps = cpu_processus(pid)
    return None if temps is None else sum(temps.values())


def cpu_machine() -> float | None:
    """CPU seconds used by the whole machine (all processes) since boot; None off Linux."""
    try:
        champs = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return None
    occupe = sum(champs[:8]) - champs[3] - champs[4]  # all but idle and iowait (guest time is in user)
    return occupe / os.sysconf("SC_CLK_TCK")


def attend_calme(pid: int, attente: float) -> float | None:
    """Wait, at most ``attente`` seconds, until the processes other than the server ``pid`` have used
    less than a tenth of a core for 3 s; the cores they used in the last 3 s (None off Linux)."""
    fin = time.monotonic() + attente
    while True:
        machine, serveur = cpu_machine(), cpu_serveur(pid)
        time.sleep(3)
        machine2, serveur2 = cpu_machine(), cpu_serveur(pid)
        if None in (machine, serveur, machine2, serveur2):
            return None
        autres = max(0.0, (machine2 - machine) - (serveur2 - serveur)) / 3
        if autres < 0.1 or time.monotonic() >= fin:
            return autres
        print(f"  other processes use {autres:.2f} cores: waiting for a quiet machine", flush=True)


def verifie_reponse(port: int, modele: str) -> dict:
    """One request before the load: 200 and every value asked for present."""
    connexion = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connexion.request("POST", "/calculate", body=corps(modele, 0), headers={"Content-Type": "application/json"})
    reponse = connexion.getresponse()
    texte = reponse.read()
    connexion.close()
    if reponse.status != 200:
        raise SystemExit(f"POST /calculate answered {reponse.status}: {texte[:500]!r}")
    resultat = json.loads(texte)
    famille = resultat["familles"]["famille_1"]
    for nom in ("rsa", "rsa_forfait_logement", "ppa", "css_droit"):
        if famille[nom][MOIS] is None:
            raise SystemExit(f"no value for {nom} in the answer")
    for personne in resultat["individus"].values():
        for nom in IAE:
            if personne[nom][MOIS] is None:
                raise SystemExit(f"no value for {nom} in the answer")
    return {"octets_requete": len(corps(modele, 0)), "octets_reponse": len(texte)}


# ----- wrk -----

LUA = r"""-- written by benchmarks/api_load.py
local parties = {PARTIES}
local sortes = {SORTES}
local varier = VARIER
local fermer = FERMER
local threads = {}
local nombre = 0

function setup(thread)
  thread:set("numero", nombre)
  nombre = nombre + 1
  table.insert(threads, thread)
end

function init(args)
  depart = tonumber(args[1] or "0")
  pas = tonumber(args[2] or "1")
  compte = 0
  autres = 0
  ensembles = 0
  avec_entete = 0
  entetes = {["Content-Type"] = "application/json"}
  if fermer then
    entetes["Connection"] = "close"
  end
  if not varier then
    fixe = wrk.format("POST", "/calculate", entetes, table.concat(parties, "8400"))
  end
end

local function salaire(k)
  return string.format("%.2f", 6000 + 1.37 * (k % 12000) + 0.01 * math.floor(k / 12000))
end

local function forme(k)
  local m = k % 600
  return string.format("%d-%02d", 1950 + math.floor(m / 12), m % 12 + 1)
end

function request()
  if not varier then
    return fixe
  end
  -- request k of this run: never the same k twice, over the threads and after the warm-up
  local k = depart + compte * pas + numero
  compte = compte + 1
  local morceaux = {parties[1]}
  for i, sorte in ipairs(sortes) do
    if sorte == "s" then
      morceaux[#morceaux + 1] = salaire(k)
    else
      morceaux[#morceaux + 1] = forme(k)
    end
    morceaux[#morceaux + 1] = parties[i + 1]
  end
  return wrk.format("POST", "/calculate", entetes, table.concat(morceaux))
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    autres = autres + 1
  end
  for nom, valeur in pairs(headers) do
    if string.lower(nom) == "ENSEMBLE" then
      ensembles = ensembles + (tonumber(valeur) or 0)
      avec_entete = avec_entete + 1
    end
  end
end

function done(summary, latency, requests)
  local non_2xx, total_ensembles, total_entetes = 0, 0, 0
  for _, thread in ipairs(threads) do
    non_2xx = non_2xx + thread:get("autres")
    total_ensembles = total_ensembles + thread:get("ensembles")
    total_entetes = total_entetes + thread:get("avec_entete")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULTAT {\"requetes\": %d, \"duree_s\": %.3f, \"rps\": %.2f, \"p50_ms\": %.2f, \"p95_ms\": %.2f, " ..
    "\"p99_ms\": %.2f, \"max_ms\": %.2f, \"moyenne_ms\": %.2f, \"erreurs_socket\": %d, \"connect\": %d, " ..
    "\"read\": %d, \"write\": %d, \"timeout\": %d, \"non_2xx\": %d, \"ensembles\": %d, \"avec_entete\": %d}\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout, non_2xx,
    total_ensembles, total_entetes))
end
"""


def script_lua(modele: str, varier: bool, fermer: bool = False) -> str:
    def chaine(texte: str) -> str:
        niveau = "=" * 3
        assert f"]{niveau}]" not in texte
        return f"[{niveau}[{texte}]{niveau}]"

    morceaux = re.split(f"({SALAIRE}|{FORME})", modele)
    parties, sortes = morceaux[0::2], ["s" if m == SALAIRE else "f" for m in morceaux[1::2]]
    return (LUA.replace("{PARTIES}", "{" + ", ".join(chaine(p) for p in parties) + "}")
            .replace("{SORTES}", "{" + ", ".join(f'"{s}"' for s in sortes) + "}")
            .replace("VARIER", "true" if varier else "false")
            .replace("FERMER", "true" if fermer else "false")
            .replace('"ENSEMBLE"', f'"{ENSEMBLE}"'))


def charge_wrk(wrk: str, script: Path, port: int, connexions: int, duree: int, depart: int) -> dict:
    fils = 1 if connexions < 8 else 2  # one thread sends a few hundred requests a second with little CPU
    commande = [wrk, "-t", str(fils), "-c", str(connexions), "-d", f"{duree}s", "--timeout", f"{TIMEOUT_CLIENT_S}s",
                "-s", str(script), f"http://127.0.0.1:{port}/calculate", "--", str(depart), str(fils)]
    avant = resource.getrusage(resource.RUSAGE_CHILDREN)
    fini = subprocess.run(commande, capture_output=True, text=True)
    apres = resource.getrusage(resource.RUSAGE_CHILDREN)
    lignes = [ligne for ligne in fini.stdout.splitlines() if ligne.startswith("RESULTAT ")]
    if fini.returncode != 0 or not lignes:
        raise SystemExit(f"wrk failed ({fini.returncode}):\n{fini.stdout}\n{fini.stderr}")
    mesure = json.loads(lignes[-1][len("RESULTAT "):])
    mesure["cpu_client_s"] = (apres.ru_utime - avant.ru_utime) + (apres.ru_stime - avant.ru_stime)
    return mesure


# ----- the Python client (without wrk) -----


def charge_python(port: int, modele: str, varier: bool, connexions: int, duree: int, depart: int,
                  fermer: bool = False) -> dict:
    """Closed loop like wrk: ``connexions`` threads, each sending its next request when the answer
    to the previous one is in, over a keep-alive connection (reopened when the server closes it;
    ``fermer``: a new connection for each request)."""
    entetes = {"Content-Type": "application/json", **({"Connection": "close"} if fermer else {})}
    latences: list[list[float]] = [[] for _ in range(connexions)]
    erreurs = [0] * connexions
    autres = [0] * connexions
    ensembles = [0] * connexions
    avec_entete = [0] * connexions
    fin = time.perf_counter() + duree

    def client(numero: int) -> None:
        connexion = None
        compte = 0
        while time.perf_counter() < fin:
            k = depart + compte * connexions + numero
            compte += 1
            donnees = corps(modele, k if varier else None)
            debut = time.perf_counter()
            try:
                if connexion is None:
                    connexion = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_CLIENT_S)
                connexion.request("POST", "/calculate", body=donnees, headers=entetes)
                reponse = connexion.getresponse()
                reponse.read()
            except (OSError, http.client.HTTPException):
                erreurs[numero] += 1
                if connexion is not None:
                    connexion.close()
                connexion = None
                continue
            latences[numero].append(time.perf_counter() - debut)
            if not 200 <= reponse.status <= 299:
                autres[numero] += 1
            ensemble = reponse.getheader(ENSEMBLE)
            if ensemble is not None and ensemble.isdigit():
                ensembles[numero] += int(ensemble)
                avec_entete[numero] += 1
            if reponse.will_close or fermer:
                connexion.close()
                connexion = None
        if connexion is not None:
            connexion.close()

    avant = resource.getrusage(resource.RUSAGE_SELF)
    debut = time.perf_counter()
    fils = [threading.Thread(target=client, args=(i,)) for i in range(connexions)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    ecoule = time.perf_counter() - debut
    apres = resource.getrusage(resource.RUSAGE_SELF)
    toutes = sorted(x * 1000 for liste in latences for x in liste)

    def centile(p: float) -> float:
        if not toutes:
            return float("nan")
        return toutes[min(len(toutes) - 1, max(0, int(round(p / 100 * len(toutes))) - 1))]

    return {"requetes": len(toutes), "duree_s": ecoule, "rps": len(toutes) / ecoule, "p50_ms": centile(50),
            "p95_ms": centile(95), "p99_ms": centile(99), "max_ms": toutes[-1] if toutes else float("nan"),
            "moyenne_ms": sum(toutes) / len(toutes) if toutes else float("nan"),
            "erreurs_socket": sum(erreurs), "non_2xx": sum(autres),
            "ensembles": sum(ensembles), "avec_entete": sum(avec_entete),
            "cpu_client_s": (apres.ru_utime - avant.ru_utime) + (apres.ru_stime - avant.ru_stime)}


# ----- one run -----


def une_mesure(workers: int, connexions: int, arguments, wrk: str | None, dossier: Path) -> dict:
    modele = modele_corps(arguments.formes_distinctes)
    script = dossier / "calculate.lua"
    script.write_text(script_lua(modele, arguments.varier, arguments.fermer), encoding="utf-8")
    port = port_libre()
    commande = commande_serveur(workers, port, shlex.split(arguments.serveur))
    serveur = demarre_serveur(commande, port, dossier / f"serveur_{workers}.log")
    try:
        tailles = verifie_reponse(port, modele)
        if arguments.attendre > 0:
            attend_calme(serveur.pid, arguments.attendre)
        # Warm-up requests take k from 1 000 000 up, the measured ones from 0: none repeats.
        if wrk:
            if arguments.echauffement > 0:
                charge_wrk(wrk, script, port, connexions, arguments.echauffement, 1_000_000)
            avant, machine_avant = cpu_processus(serveur.pid), cpu_machine()
            mesure = charge_wrk(wrk, script, port, connexions, arguments.duree, 0)
        else:
            if arguments.echauffement > 0:
                charge_python(port, modele, arguments.varier, connexions, arguments.echauffement, 1_000_000,
                              arguments.fermer)
            avant, machine_avant = cpu_processus(serveur.pid), cpu_machine()
            mesure = charge_python(port, modele, arguments.varier, connexions, arguments.duree, 0, arguments.fermer)
        apres, machine_apres = cpu_processus(serveur.pid), cpu_machine()
    finally:
        arrete_serveur(serveur)
    mesure.update(tailles)
    mesure.update({"workers": workers, "connexions": connexions, "echauffement_s": arguments.echauffement,
                   "serveur": " ".join(["metropole", *commande[1:]]).replace(f"127.0.0.1:{port}", "127.0.0.1:PORT"),
                   "cpu_serveur_s": None if avant is None or apres is None else sum(apres.values()) - sum(avant.values()),
                   # each worker's share (the master's is negligible), busiest first
                   "cpu_workers_s": None if avant is None or apres is None else sorted(
                       (apres[p] - avant.get(p, 0.0) for p in apres if p != serveur.pid), reverse=True),
                   "cpu_machine_s": None if machine_avant is None or machine_apres is None else machine_apres - machine_avant})
    mesure["erreurs"] = mesure["erreurs_socket"]
    mesure["ensemble_moyen"] = mesure["ensembles"] / mesure["avec_entete"] if mesure["avec_entete"] else None
    mesure["atteint"] = (mesure["rps"] >= CIBLE_RPS and mesure["p99_ms"] <= CIBLE_P99_MS
                         and mesure["erreurs"] == 0 and mesure["non_2xx"] == 0)
    return mesure


def autres_cpu(mesure: dict) -> float | None:
    """Cores used by the processes other than the server and the load generator during a run."""
    if mesure["cpu_machine_s"] is None or mesure["cpu_serveur_s"] is None:
        return None
    return max(0.0, mesure["cpu_machine_s"] - mesure["cpu_serveur_s"] - mesure["cpu_client_s"]) / mesure["duree_s"]


# ----- report -----


def _versions() -> str:
    from importlib.metadata import version

    return ", ".join(f"{p} {version(p)}" for p in ("openfisca-core", "gunicorn", "numpy"))


def _processeur() -> str:
    try:
        for ligne in Path("/proc/cpuinfo").read_text().splitlines():
            if ligne.startswith("model name"):
                return ligne.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version_wrk(wrk: str) -> str:
    fini = subprocess.run([wrk, "--version"], capture_output=True, text=True)
    texte = (fini.stdout + fini.stderr).strip().splitlines()
    trouve = re.match(r"wrk (\S+)", texte[0]) if texte else None
    return f"wrk {trouve.group(1)}" if trouve else "wrk"


def _oui_non(vrai: bool) -> str:
    return "yes" if vrai else "**no**"


def tableau(mesures: list[dict]) -> list[str]:
    lignes = ["| Workers | Run | Connections | Duration (s) | Requests | Requests/s | p50 (ms) | p95 (ms) | p99 (ms) | "
              "Max (ms) | Errors | Non-2xx | Computed together (mean) | Server CPU (cores) | Each worker (cores) | Client CPU (cores) | "
              "Other CPU (cores) | Attempts | ≥ 150 req/s | p99 ≤ 100 ms | Zero errors | Targets met |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|"]
    for m in mesures:
        serveur = "—" if m["cpu_serveur_s"] is None else f"{m['cpu_serveur_s'] / m['duree_s']:.2f}"
        autres = "—" if autres_cpu(m) is None else f"{autres_cpu(m):.2f}"
        ensemble = "—" if m["ensemble_moyen"] is None else f"{m['ensemble_moyen']:.2f}"
        chacun = ("—" if m.get("cpu_workers_s") is None
                  else " / ".join(f"{s / m['duree_s']:.2f}" for s in m["cpu_workers_s"]))
        lignes.append(
            f"| {m['workers']} | {m.get('repetition', 1)} | {m['connexions']} | {m['duree_s']:.1f} | {m['requetes']:,} | {m['rps']:.1f} | "
            f"{m['p50_ms']:.1f} | {m['p95_ms']:.1f} | {m['p99_ms']:.1f} | {m['max_ms']:.1f} | {m['erreurs']} | "
            f"{m['non_2xx']} | {ensemble} | {serveur} | {chacun} | {m['cpu_client_s'] / m['duree_s']:.2f} | {autres} | "
            f"{m.get('essais', 1)} | {_oui_non(m['rps'] >= CIBLE_RPS)} | {_oui_non(m['p99_ms'] <= CIBLE_P99_MS)} | "
            f"{_oui_non(m['erreurs'] == 0 and m['non_2xx'] == 0)} | {_oui_non(m['atteint'])} |")
    return lignes


def ecrit_resultats(mesures: list[dict], client: str, arguments, commande: str, code: str, code_change: bool) -> None:
    fichier = ICI / "RESULTS.md"
    debut, fin = "<!-- api_load:debut -->", "<!-- api_load:fin -->"
    premiere = mesures[0]
    if not arguments.varier:
        corps_texte = "the same body for every request"
    else:
        corps_texte = ("each request with another salary (yearly salaire_net of the first person, 2024 and 2025, "
                       "never twice the same, warm-up included)")
    if arguments.formes_distinctes:
        corps_texte += (", and another shape (the second person's salaire_net of one month of 1950-1999, which "
                        "no rule reads), so that the server computes none of them together")
    else:
        corps_texte += (", all of the same shape, so that the server may compute the requests waiting at the same "
                        "time together (column \"computed together\": the mean of the Metropole-Computed-Together "
                        "header; requests of different shapes, `--formes-distinctes`, are computed one by one)")
    serveurs = sorted({m["serveur"] for m in mesures})
    texte = [
        debut, "## Web API load (benchmarks/api_load.py)", "",
        f"Measured {datetime.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} CPUs "
        f"({_processeur()}), Python {platform.python_version()}, {_versions()}; code: {code}"
        + (" — **the code changed during the benchmark: its runs did not all measure the same code**" if code_change else "")
        + f". Load from {client}, on the same machine as the server. Command: `{commande}`.", "",
        f"Each run: {', '.join(f'`{s}`' for s in serveurs)} (default limits), {premiere['echauffement_s']:g} s of "
        f"warm-up, then POST /calculate for the duration below, closed loop (each connection sends its next "
        f"request when the previous answer is in). The request: the couple with two children of "
        f"`situation_examples/couple_deux_enfants_lyon.json` (rsa, rsa_forfait_logement, ppa, css_droit of {MOIS}) "
        f"plus the IAE diagnosis of its four persons (iae_eligible_ei, _aci, _etti, _ai, iae_nb_criteres_niveau_1 "
        f"and _2), {premiere['octets_requete']:,} bytes in, {premiere['octets_reponse']:,} bytes out; {corps_texte}. "
        f"Connections {'closed after each request (`Connection: close`, as nginx does without upstream keepalive)' if arguments.fermer else 'kept alive'}. "
        f"Latency is the client's, from the request sent to the answer read, so it includes the wait for a free "
        f"worker. Errors: socket errors (connect, read, write, timeout after {TIMEOUT_CLIENT_S} s); non-2xx: "
        f"answers with another status. CPU: seconds used per second of the run by gunicorn's master and workers, "
        f"and by each worker (a worker left idle shows 0.00: see below), by the load generator, and by every other "
        f"process of the machine (each run waits up to "
        f"{arguments.attendre:g} s for them to be idle, and a run they disturbed is run again, up to "
        f"{arguments.essais} attempts, keeping the least disturbed one whatever its figures; more than a few "
        f"hundredths means the run was disturbed and its figures are low).", "",
        f"Targets, for this request on a 2-core machine: at least {CIBLE_RPS:g} requests/s, p99 at most "
        f"{CIBLE_P99_MS:g} ms, zero errors and zero non-2xx.", "",
        *tableau(mesures), "",
        "This machine's timings vary between identical runs (up to ±30 % in the other benchmarks); the load "
        "generator shares the machine's CPUs with the server. With connections kept alive and gunicorn's gthread "
        "workers (`--threads` above 1), a connection stays with the worker that accepted it: when one worker "
        "accepted them all, the others stay idle for the whole run (column \"each worker\"), which halves the "
        "throughput of 2 workers; `--fermer` opens a connection per request, as nginx does without upstream "
        "keepalive.",
        fin,
    ]
    remplace_section(fichier, debut, fin, texte)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2", help="worker counts to measure, comma-separated (default: 1,2)")
    parser.add_argument("--connexions", type=int, help="concurrent connections (default: 4 × workers: with fewer, a closed loop leaves the workers idle between answers and requests)")
    parser.add_argument("--duree", type=int, default=20, help="whole seconds of measured load per run (default: 20)")
    parser.add_argument("--echauffement", type=int, default=3,
                        help="whole seconds of warm-up before each run (default: 3; 0: none)")
    parser.add_argument("--varier", action=argparse.BooleanOptionalAction, default=True,
                        help="another salary in each request, never twice the same (default: on)")
    parser.add_argument("--formes-distinctes", action="store_true",
                        help="give each request another shape, so that the server computes none of them together")
    parser.add_argument("--fermer", action="store_true",
                        help="a new connection for each request (Connection: close), as nginx does without upstream "
                             "keepalive; by default the connections are kept alive")
    parser.add_argument("--serveur", default="", help="more options for metropole serve, e.g. \"--threads 1\"")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto",
                        help="load generator: wrk if installed (auto), or the Python client")
    parser.add_argument("--attendre", type=float, default=300.0,
                        help="before each run, wait at most this many seconds for the other processes to use less "
                             "than a tenth of a core (default: 300; 0: do not wait)")
    parser.add_argument("--repetitions", type=int, default=1,
                        help="runs of each worker count, each with a server of its own (default: 1)")
    parser.add_argument("--essais", type=int, default=3,
                        help="run again a run disturbed by other processes (over a tenth of a core), up to this many "
                             "attempts; the least disturbed is kept (default: 3)")
    parser.add_argument("--sans-resultats", action="store_true", help="do not write benchmarks/RESULTS.md")
    arguments = parser.parse_args()
    try:
        nombres = [int(n) for n in arguments.workers.split(",") if n.strip()]
    except ValueError:
        parser.error(f"--workers expects whole numbers separated by commas, not '{arguments.workers}'")
    if not nombres or min(nombres) < 1:
        parser.error("--workers: at least one worker")
    if arguments.connexions is not None and arguments.connexions < 1:
        parser.error("--connexions: at least 1")
    if arguments.duree <= 0:
        parser.error("--duree: a positive number of seconds")
    if arguments.echauffement < 0:
        parser.error("--echauffement: 0 or more seconds")
    if arguments.repetitions < 1:
        parser.error("--repetitions: at least 1")
    if arguments.essais < 1:
        parser.error("--essais: at least 1")
    if arguments.formes_distinctes and not arguments.varier:
        parser.error("--formes-distinctes varies the requests: not with --no-varier")
    if any(o in ("-w", "--workers", "-b", "--bind") for o in shlex.split(arguments.serveur)):
        parser.error("--serveur: the workers and the address are set by this benchmark")

    wrk = shutil.which("wrk") if arguments.client in ("auto", "wrk") else None
    if arguments.client == "wrk" and wrk is None:
        raise SystemExit("wrk is not installed (apt-get install wrk), or use --client python")
    if wrk:
        client = _version_wrk(wrk)
    else:
        client = "the Python client (threads, http.client): wrk not used, figures pessimistic"
        print("wrk not found or not chosen: load from the Python client, which takes CPU from the server.",
              file=sys.stderr)
    code, empreinte = empreinte_code()
    code_change = False
    print(f"load generator: {client}; request {'varied' if arguments.varier else 'fixed'}"
          f"{', distinct shapes' if arguments.formes_distinctes else ''}; {code}", flush=True)

    mesures = []
    with tempfile.TemporaryDirectory(prefix="api_load_") as dossier:
        for workers in nombres:
            connexions = arguments.connexions or 4 * workers
            for repetition in range(1, arguments.repetitions + 1):
                print(f"{workers} worker(s), {connexions} connections, {arguments.echauffement} s warm-up + "
                      f"{arguments.duree} s" + (f", run {repetition}" if arguments.repetitions > 1 else "") + " ...",
                      flush=True)
                essais = []
                for essai in range(1, arguments.essais + 1):
                    mesure = une_mesure(workers, connexions, arguments, wrk, Path(dossier))
                    if empreinte_code()[1] != empreinte:
                        code_change = True
                        print("  warning: the code changed during the benchmark", flush=True)
                    essais.append(mesure)
                    ensemble = "" if mesure["ensemble_moyen"] is None else f", computed together {mesure['ensemble_moyen']:.2f}"
                    print(f"  {mesure['requetes']:,} requests, {mesure['rps']:.1f} requests/s, p50 {mesure['p50_ms']:.1f} ms, "
                          f"p95 {mesure['p95_ms']:.1f} ms, p99 {mesure['p99_ms']:.1f} ms, errors {mesure['erreurs']}, "
                          f"non-2xx {mesure['non_2xx']}{ensemble}", flush=True)
                    autres = autres_cpu(mesure)
                    if autres is None or autres <= 0.1:
                        break
                    print(f"  warning: other processes used {autres:.2f} cores during the run; its figures are lower "
                          f"than this machine can do" + ("; running it again" if essai < arguments.essais else ""),
                          flush=True)
                # The least disturbed attempt, whatever its figures.
                mesure = min(essais, key=lambda m: autres_cpu(m) or 0.0)
                mesure["essais"] = len(essais)
                mesure["repetition"] = repetition
                mesures.append(mesure)
    print()
    print("\n".join(tableau(mesures)))
    if not arguments.sans_resultats:
        commande = " ".join(["python benchmarks/api_load.py", *(shlex.quote(a) for a in sys.argv[1:])])
        ecrit_resultats(mesures, client, arguments, commande, code, code_change)


if __name__ == "__main__":
    main()
