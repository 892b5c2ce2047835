"""Property-based fuzzing of the served API.

Two generators, both driven by hypothesis with a bounded number of examples:

- schemathesis, from the OpenAPI spec the server publishes at /spec: valid and invalid requests
  for /calculate, /trace, /variables, /variable/{id}, /parameters and /parameter/{id}. The spec
  does not allow null values, so these situations never ask for a computation and most stop at the
  top of the validation (no person, unknown period);
- situations built from the real entities, roles and variables the server lists (/entities,
  /variables, /variable/{id}): persons placed in families, tax households and dwellings, inputs
  of the right type for the right periods, values asked for, axes, then now and then one fault
  (a wrong period, a wrong type, a key renamed, a node replaced by random JSON, a cut body). These
  reach the checks of every variable and period, and the computation itself.

Every response must be: below 500; for a 4xx, a JSON object with an "error" string; for a 200,
strict JSON (no NaN) with every value asked for filled in.
"""

from __future__ import annotations

import json
import random
from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

REGLAGES = dict(deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)

# Value types the generator never asks for (null); none since text variables are answered (they
# were a 500 until api._valeur_json decoded openfisca-core's numpy bytes).
TYPES_NON_DEMANDES: set[str] = set()


def verifie_reponse(statut: int, donnees, texte: str, requete: str) -> None:
    assert statut < 500, f"{statut} on {requete}\n{texte[:1000]}"
    if 400 <= statut < 500:
        assert isinstance(donnees, dict) and isinstance(donnees.get("error"), str), (
            f"{statut} without a JSON error on {requete}\n{texte[:1000]}"
        )
    elif statut == 200:
        assert donnees is not None, f"200 whose body is not strict JSON on {requete}\n{texte[:1000]}"


def _json_strict(texte: str):
    def refuse(nom):
        raise ValueError(nom)

    try:
        return json.loads(texte, parse_constant=refuse)
    except ValueError:
        return None


# ----- schemathesis, from the spec -----


@pytest.fixture(scope="session")
def operations(serveur_api) -> dict:
    schema = schemathesis.openapi.from_url(f"{serveur_api}/spec")
    return {resultat.ok().label: resultat.ok() for resultat in schema.get_all_operations()}


OPERATIONS = [
    # (operation, generation mode, examples)
    ("POST /calculate", GenerationMode.POSITIVE, 100),
    ("POST /calculate", GenerationMode.NEGATIVE, 150),
    ("POST /trace", GenerationMode.POSITIVE, 40),
    ("POST /trace", GenerationMode.NEGATIVE, 60),
    ("GET /variables", GenerationMode.POSITIVE, 1),  # no parameter: one request
    ("GET /variable/{variableID}", GenerationMode.POSITIVE, 60),
    ("GET /parameters", GenerationMode.POSITIVE, 1),
    ("GET /parameter/{parameterID}", GenerationMode.POSITIVE, 60),
]


@pytest.mark.parametrize(
    "label, mode, exemples", [pytest.param(*o, id=f"{o[0]} {o[1].value}") for o in OPERATIONS]
)
def test_schemathesis(serveur_api, operations, label, mode, exemples):
    strategie = operations[label].as_strategy(generation_mode=mode)

    # No example database: the operations share this inner function, and so would share its entries.
    @settings(max_examples=exemples, database=None, **REGLAGES)
    @given(cas=strategie)
    def lance(cas):
        reponse = cas.call(base_url=serveur_api, timeout=60)
        verifie_reponse(reponse.status_code, _json_strict(reponse.text), reponse.text, cas.as_curl_command())

    lance()


def test_chaque_variable_et_chaque_parametre(api):
    """Every variable and parameter the API lists answers 200 at its own route."""
    statut, variables, _ = api.lit("/variables")
    assert statut == 200 and variables
    for nom in variables:
        statut, donnees, texte = api.lit(f"/variable/{nom}")
        assert statut == 200 and donnees["id"] == nom, texte[:300]
    statut, parametres, _ = api.lit("/parameters")
    assert statut == 200 and parametres
    for nom in parametres:
        for chemin in (f"/parameter/{nom}", f"/parameter/{nom.replace('.', '/')}"):
            statut, donnees, texte = api.lit(chemin)
            assert statut == 200, (chemin, texte[:300])


# ----- situations built from the real variables -----


class Catalogue(dict):
    """Entities and variables as the API describes them (a dict, with a short repr for hypothesis's
    reports)."""

    def __repr__(self) -> str:
        return f"Catalogue({len(self['definitions'])} variables)"


@pytest.fixture(scope="session")
def catalogue(api) -> Catalogue:
    """Entities (plural, roles with their max) and variables (entity, period, type, enum values), as
    the API describes them."""
    statut, entites, _ = api.lit("/entities")
    assert statut == 200
    statut, noms, _ = api.lit("/variables")
    assert statut == 200
    variables = {}
    for nom in noms:
        statut, donnees, _ = api.lit(f"/variable/{nom}")
        assert statut == 200
        variables[nom] = donnees
    pluriels = {cle: entite["plural"] for cle, entite in entites.items()}
    return Catalogue({
        "personnes": next(entite["plural"] for entite in entites.values() if "roles" not in entite),
        "groupes": {
            entite["plural"]: [(role["plural"] or cle, role.get("max")) for cle, role in sorted(entite["roles"].items())]
            for entite in entites.values()
            if "roles" in entite
        },
        "variables": {pluriel: sorted(n for n, v in variables.items() if pluriels[v["entity"]] == pluriel) for pluriel in pluriels.values()},
        "definitions": variables,
    })


PERIODES = {
    "MONTH": ["2025-06", "2025-05", "2025-01", "2024-12"],
    "YEAR": ["2025", "2024"],
    "ETERNITY": ["ETERNITY"],
}
# Periods of an input spread over the months (set_input), and periods that are wrong somewhere.
PERIODES_ENTREE = {"MONTH": ["2025", "2024", "year:2024-07", "month:2025-01:3"], "YEAR": ["year:2024:2"], "ETERNITY": []}
PERIODES_DOUTEUSES = [
    "2025-13", "2025/06", "hello", "", "2025-06-01", "2025-W23", "2025-W23-1", "month:2025-01:0",
    "month:2025-01:-1", "year:2015:11", "1899-12", "2100-01", "eternity", "ETERNITY", "2025", "2025-06",
    "month:2025-06:1", "day:2025-06-01:45", "year:2025-06", "20250", "-2025", "2025-6", " 2025-06",
]  # fmt: skip
VALEURS_DOUTEUSES = [
    None, True, False, 0, -1, 1.5, 1e9, -1e9, 1e10, 10**30, 1e300, "", "0", "1000", "true", "actif",
    "2025-06-01", "1987-02-30", "x" * 250, [], [1], {}, {"2025-06": 1}, 2**63, -(2**63),
]  # fmt: skip
JSON_ALEATOIRE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda enfants: st.lists(enfants, max_size=3) | st.dictionaries(st.text(max_size=8), enfants, max_size=3),
    max_leaves=8,
)


def valeurs(definition: dict):
    """Values of the right type for this variable."""
    type_ = definition["valueType"]
    if "possibleValues" in definition:
        return st.sampled_from(sorted(definition["possibleValues"]))
    if type_ == "Float":
        return st.floats(-5_000, 60_000, allow_nan=False).map(lambda x: round(x, 2)) | st.integers(0, 3_000)
    if type_ == "Int":
        return st.integers(-2, 130)
    if type_ == "Boolean":
        return st.booleans()
    if type_ == "Date":
        return st.dates(date(1920, 1, 1), date(2025, 12, 31)).map(date.isoformat)
    return st.sampled_from(["69123", "69266", "69256", "59350", "FR", "rhone_amont", ""])


class Hasard:
    """How often something doubtful goes in: ``taux`` of the time, from a random.Random seeded by
    hypothesis (its own integers lean to their bounds, which would make it far more often)."""

    def __init__(self, aleatoire, taux: float) -> None:
        self.aleatoire, self.taux = aleatoire, taux

    def rare(self, facteur: float = 1.0) -> bool:
        return self.aleatoire.random() < self.taux * facteur

    def __repr__(self) -> str:
        return f"Hasard(taux={self.taux})"


@st.composite
def variables_d_une_instance(draw, catalogue, pluriel, hasard: Hasard, demandes_permises=True):
    """Inputs and values asked for, of variables of this entity; now and then (``hasard``) a
    variable of another entity, a doubtful period or a doubtful value."""
    resultat = {}
    noms = catalogue["variables"][pluriel]
    tous = sorted(catalogue["definitions"])
    for _ in range(draw(st.integers(0, 4))):
        if not noms and not hasard.taux:
            break
        nom = draw(st.sampled_from(tous) if not noms or hasard.rare(0.5) else st.sampled_from(noms))
        definition = catalogue["definitions"][nom]
        unite = definition["definitionPeriod"]
        demandable = demandes_permises and not (
            definition["valueType"] in TYPES_NON_DEMANDES and "possibleValues" not in definition
        )
        par_periode = {}
        for _ in range(draw(st.integers(1, 3))):
            demande = demandable and draw(st.integers(0, 2)) == 0
            choix = PERIODES[unite] + PERIODES_ENTREE[unite] if not demande and hasard.rare(3) else PERIODES[unite]
            periode = draw(st.sampled_from(PERIODES_DOUTEUSES) if hasard.rare() else st.sampled_from(choix))
            if demande:
                par_periode[periode] = None
            else:
                par_periode[periode] = draw(st.sampled_from(VALEURS_DOUTEUSES) if hasard.rare() else valeurs(definition))
        resultat[nom] = par_periode
    return resultat


@st.composite
def situations(draw, catalogue, axes_permis: bool, taux: float | None = None):
    """A situation built from the real entities and variables: 1 to 5 persons, each placed in one
    instance of each group entity given, with a role; inputs, values asked for, perhaps axes.
    ``taux``: how often something doubtful is put in (drawn when not given; 0: never)."""
    if taux is None:
        taux = draw(st.sampled_from([0, 0, 1 / 40, 1 / 10]))
    hasard = Hasard(random.Random(draw(st.integers(0, 2**32 - 1))), taux)
    personnes = catalogue["personnes"]
    ids = draw(st.lists(st.sampled_from(["p0", "p1", "p2", "p3", "p4", "Zoé", "a b", "0"]), min_size=1, max_size=5, unique=True))
    situation = {personnes: {i: draw(variables_d_une_instance(catalogue, personnes, hasard)) for i in ids}}
    avec_axes = axes_permis and draw(st.integers(0, 2)) == 0
    for pluriel, roles in catalogue["groupes"].items():
        if not avec_axes and draw(st.integers(0, 3)) == 0:
            continue  # openfisca-core makes one instance per person (not with axes)
        instances: dict[str, dict] = {}
        noms_instances = [f"{pluriel[:3]}_{k}" for k in range(draw(st.integers(1, len(ids))))]
        for personne in ids:
            contenu = instances.setdefault(draw(st.sampled_from(noms_instances)), {})
            # a role with room left, or (now and then) any role: 3 parents get a 400
            libres = [cle for cle, maximum in roles if maximum is None or len(contenu.get(cle, [])) < maximum]
            cle = draw(st.sampled_from([cle for cle, _ in roles] if hasard.rare() else libres))
            contenu.setdefault(cle, []).append(personne)
        for contenu in instances.values():
            for cle, maximum in roles:
                if maximum == 1 and len(contenu.get(cle, [])) == 1 and draw(st.booleans()):
                    contenu[cle] = contenu[cle][0]  # a one-person role given as a string
            contenu.update(draw(variables_d_une_instance(catalogue, pluriel, hasard)))
        situation[pluriel] = instances
    if avec_axes:
        situation["axes"] = draw(axes(catalogue, situation, hasard))
    return situation


@st.composite
def axes(draw, catalogue, situation, hasard: Hasard):
    """One or two lists of axes (parallel ones in the first) on numeric variables; without a period
    now and then (the API takes the one period asked for, or answers 400)."""
    numeriques = sorted(
        nom for nom, d in catalogue["definitions"].items() if d["valueType"] in ("Float", "Int") and "possibleValues" not in d
    )
    listes = []
    for i in range(draw(st.integers(1, 2))):
        compte = draw(st.integers(1 if i == 0 else 2, 4))
        paralleles = []
        for _ in range(draw(st.integers(1, 2)) if i == 0 else 1):
            nom = draw(st.sampled_from(numeriques))
            definition = catalogue["definitions"][nom]
            pluriel = next(p for p, noms in catalogue["variables"].items() if nom in noms)
            minimum = draw(st.integers(0, 3_000))
            axe = {"name": nom, "min": minimum, "max": minimum + draw(st.integers(0, 3_000)), "count": compte}
            if not hasard.rare(2):
                axe["period"] = draw(st.sampled_from(PERIODES[definition["definitionPeriod"]]))
            if draw(st.booleans()):
                axe["index"] = draw(st.integers(0, max(len(situation.get(pluriel, {})) - 1, 0)))
            paralleles.append(axe)
        listes.append(paralleles)
    return listes


def _chemins(noeud, prefixe=()):
    yield prefixe
    if isinstance(noeud, dict):
        for cle, valeur in noeud.items():
            yield from _chemins(valeur, (*prefixe, cle))
    elif isinstance(noeud, list):
        for i, valeur in enumerate(noeud):
            yield from _chemins(valeur, (*prefixe, i))


@st.composite
def fautes(draw, catalogue, situation):
    """The situation with one fault: a node replaced, a key renamed or removed."""
    chemin = draw(st.sampled_from([c for c in _chemins(situation) if c]))
    parent = situation
    for cle in chemin[:-1]:
        parent = parent[cle]
    cle = chemin[-1]
    faute = draw(st.sampled_from(["remplace", "renomme", "supprime", "douteuse"]))
    if faute == "supprime":
        del parent[cle]
    elif faute == "renomme" and isinstance(parent, dict):
        noms = sorted(catalogue["definitions"]) + list(catalogue["variables"]) + [f"{cle}z", cle.upper(), "axes", ""]
        nouveau = draw(st.sampled_from(noms))
        parent[nouveau] = parent.pop(cle)
    elif faute == "douteuse":
        parent[cle] = draw(st.sampled_from(VALEURS_DOUTEUSES))
    else:
        parent[cle] = draw(JSON_ALEATOIRE)
    return situation


@st.composite
def corps(draw, catalogue, axes_permis):
    """The JSON body of a built situation, with 0 to 2 faults, and now and then a byte cut or added."""
    situation = draw(situations(catalogue, axes_permis))
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2]))):
        situation = draw(fautes(catalogue, situation))
    _sans_demande_exclue(situation, catalogue)
    texte = json.dumps(situation, ensure_ascii=draw(st.booleans())).encode()
    if not draw(st.integers(0, 24)):
        coupe = draw(st.integers(0, len(texte)))
        texte = texte[:coupe] + draw(st.sampled_from([b"", b"\xff", b"NaN", b"}", b"[", b","])) + texte[coupe + 1 :]
    return texte


def _sans_demande_exclue(situation, catalogue) -> None:
    """A fault may have put a null on a variable of TYPES_NON_DEMANDES: give it a value instead."""
    for pluriel, identifiant, variable, periode in _demandes(situation, [catalogue["personnes"], *catalogue["groupes"]]):
        definition = catalogue["definitions"].get(variable)
        if definition and definition["valueType"] in TYPES_NON_DEMANDES and "possibleValues" not in definition:
            situation[pluriel][identifiant][variable][periode] = ""


def _demandes(situation, personnes_et_groupes):
    """(plural, id, variable, period) of the values asked for (null) in a situation."""
    if not isinstance(situation, dict):
        return []
    return [
        (pluriel, identifiant, variable, periode)
        for pluriel in personnes_et_groupes
        if isinstance(situation.get(pluriel), dict)
        for identifiant, instance in situation[pluriel].items()
        if isinstance(instance, dict)
        for variable, valeurs_ in instance.items()
        if isinstance(valeurs_, dict)
        for periode, valeur in valeurs_.items()
        if valeur is None
    ]


def _verifie_calcul(situation, donnees, catalogue) -> None:
    """A 200 of /calculate: each value asked for is filled in (one per axis point with axes)."""
    points = 1
    for paralleles in situation.get("axes") or []:
        points *= paralleles[0]["count"]
    for pluriel, identifiant, variable, periode in _demandes(situation, [catalogue["personnes"], *catalogue["groupes"]]):
        valeur = donnees[pluriel][identifiant][variable][periode]
        if "axes" in situation:
            assert isinstance(valeur, list) and len(valeur) == points and None not in valeur, (pluriel, identifiant, variable, valeur)
        else:
            assert valeur is not None and not isinstance(valeur, (list, dict)), (pluriel, identifiant, variable, valeur)


@settings(max_examples=600, **REGLAGES)
@given(donnees=st.data())
def test_calculate_situations_construites(api, catalogue, donnees):
    texte = donnees.draw(corps(catalogue, axes_permis=True), label="body")
    statut, reponse, brut = api.poste("/calculate", texte)
    verifie_reponse(statut, reponse, brut, f"/calculate {texte[:2000]!r}")
    if statut == 200:
        _verifie_calcul(json.loads(texte), reponse, catalogue)


@settings(max_examples=200, **REGLAGES)
@given(donnees=st.data())
def test_trace_situations_construites(api, catalogue, donnees):
    texte = donnees.draw(corps(catalogue, axes_permis=False), label="body")
    statut, reponse, brut = api.poste("/trace", texte)
    verifie_reponse(statut, reponse, brut, f"/trace {texte[:2000]!r}")
    if statut == 200:
        assert {"trace", "requestedCalculations", "entitiesDescription"} <= set(reponse), brut[:300]


def test_les_situations_construites_vont_jusqu_au_calcul(api, catalogue):
    """The generator is not only rejected at the top: without faults, a good share of its situations
    are computed (200), and the others are refused deep in the situation, by variable or period."""
    statuts, chemins = [], []

    @settings(max_examples=40, database=None, **REGLAGES)
    @given(donnees=st.data())
    def lance(donnees):
        situation = donnees.draw(situations(catalogue, axes_permis=True, taux=0))
        statut, reponse, brut = api.poste_json("/calculate", situation)
        verifie_reponse(statut, reponse, brut, json.dumps(situation)[:2000])
        statuts.append(statut)
        if statut == 400 and "path" in reponse:
            chemins.append(reponse["path"])

    lance()
    assert statuts.count(200) >= len(statuts) // 4, statuts
    assert any(chemin.count(".") >= 2 for chemin in chemins) or statuts.count(200) == len(statuts), chemins
