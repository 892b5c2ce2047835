"""Bad inputs against the served API: each gets its exact 4xx status and a JSON error that names the
problem, on /calculate and on /trace; never a 5xx. And the good inputs: the example situation, and
``axes`` checked point by point against the same request without axes."""

from __future__ import annotations

import copy
import json

import pytest

ROUTES = ["/calculate", "/trace"]


def verifie_erreur(reponse, statut: int, *morceaux: str) -> dict:
    """The response has this status and a JSON body {"error": "..."} whose message holds every one
    of ``morceaux``; "path", when given, is the place the message starts with."""
    recu, donnees, texte = reponse
    assert recu < 500, f"server error {recu}: {texte[:500]}"
    assert recu == statut, f"expected {statut}, got {recu}: {texte[:500]}"
    assert isinstance(donnees, dict), f"not a JSON object: {texte[:500]}"
    assert isinstance(donnees.get("error"), str) and donnees["error"], donnees
    for morceau in morceaux:
        assert morceau in donnees["error"], f"{morceau!r} not in {donnees['error']!r}"
    if "path" in donnees:
        assert donnees["error"].startswith(f"{donnees['path']}: "), donnees
    return donnees


def imbrique(profondeur: int, feuille=1) -> dict:
    for _ in range(profondeur):
        feuille = {"a": feuille}
    return feuille


def remplace(situation: dict, valeur, *chemin) -> dict:
    """``situation`` with the value at ``chemin`` replaced by ``valeur``."""
    cible = situation
    for cle in chemin[:-1]:
        cible = cible[cle]
    cible[chemin[-1]] = valeur
    return situation


def karim(variable, valeurs):
    return lambda s: remplace(s, valeurs, "individus", "karim", variable)


def famille(variable, valeurs):
    return lambda s: remplace(s, valeurs, "familles", "famille_1", variable)


def renomme(ancien, nouveau, *chemin):
    def _renomme(s):
        cible = s
        for cle in chemin:
            cible = cible[cle]
        cible[nouveau] = cible.pop(ancien)
        return s

    return _renomme


def texte_json(remplacement: str):
    """The example as JSON text, its first ``"2025": 8400`` replaced by ``remplacement`` (literals
    json.dumps cannot write: NaN, Infinity, numbers of 5000 digits)."""
    return lambda s: json.dumps(s).replace('"2025": 8400', f'"2025": {remplacement}', 1).encode()


# (name, mutation of the example situation -> JSON-able situation or raw bytes, status, message parts)
SITUATIONS_FAUSSES = [
    # entities, roles, memberships
    ("entite_inconnue", renomme("menages", "menagez"), 400, "unknown entity 'menagez'", "did you mean menages"),
    ("role_inconnu", renomme("parents", "parentz", "familles", "famille_1"), 400, "familles.famille_1.parentz", "unknown role or variable 'parentz'", "did you mean parents"),
    ("variable_inconnue", karim("salaire_nett", {"2025-06": 1000}), 400, "individus.karim.salaire_nett", "unknown variable 'salaire_nett'", "did you mean salaire_net"),
    ("variable_sur_la_mauvaise_entite", karim("rsa", {"2025-06": None}), 400, "individus.karim.rsa", "'rsa' belongs to the familles, not to the individus"),
    ("personne_dans_deux_familles", lambda s: remplace(s, {"parents": ["karim"]}, "familles", "famille_2"), 400, "familles.famille_2.parents", "'karim' is already in familles.famille_1"),
    ("personne_deux_fois_dans_une_famille", lambda s: remplace(s, ["ines", "yanis", "ines"], "familles", "famille_1", "enfants"), 400, "'ines' is already in familles.famille_1"),
    ("personne_dans_aucune_famille", lambda s: remplace(s, ["ines"], "familles", "famille_1", "enfants"), 400, "individus.yanis", "in no famille"),
    ("personne_inconnue_dans_un_role", lambda s: remplace(s, ["ines", "yanis", "zoe"], "familles", "famille_1", "enfants"), 400, "familles.famille_1.enfants", "unknown person 'zoe'"),
    ("role_pas_une_liste_de_noms", lambda s: remplace(s, [1], "familles", "famille_1", "parents"), 400, "familles.famille_1.parents", "expected person ids (strings), not a number"),
    ("trois_parents", lambda s: remplace(s, ["karim", "sarah", "ines"], "familles", "famille_1", "parents"), 400, "at most 2 parents in one famille, not 3"),
    ("deux_personnes_de_reference", lambda s: remplace(s, ["karim", "sarah"], "menages", "menage_1", "personne_de_reference"), 400, "at most 1 personne_de_reference"),
    ("famille_sans_personne", lambda s: remplace(s, {"rsa": {"2025-06": None}}, "familles", "famille_2"), 400, "familles.famille_2", "lists nobody"),
    ("sans_individus", lambda s: {k: v for k, v in s.items() if k != "individus"}, 400, "individus", "at least one person"),
    ("individus_pas_un_objet", lambda s: remplace(s, ["karim"], "individus"), 400, "at least one person"),
    ("personne_pas_un_objet", lambda s: remplace(s, [], "individus", "karim"), 400, "individus.karim", "expected an object, not an array"),
    ("identifiant_vide", lambda s: remplace(s, {}, "individus", " "), 400, "an id must not be empty"),
    ("entite_pas_un_objet", lambda s: remplace(s, ["famille_1"], "familles"), 400, "familles", "expected an object of familles by id, not an array"),
    # periods
    ("mois_13", famille("rsa", {"2025-13": None}), 400, "familles.famille_1.rsa.2025-13", "invalid period '2025-13'"),
    ("periode_avec_barre", famille("rsa", {"2025/06": None}), 400, "invalid period '2025/06'"),
    ("periode_hello", famille("rsa", {"hello": None}), 400, "invalid period 'hello'"),
    ("periode_vide", famille("rsa", {"": None}), 400, "invalid period ''"),
    ("periode_mal_formee_en_entree", karim("salaire_net", {"2025-13": 1000}), 400, "invalid period '2025-13'"),
    ("periode_de_longueur_nulle", karim("salaire_net", {"month:2025-01:0": 100}), 400, "invalid period 'month:2025-01:0'", "at least one month"),
    ("periode_de_longueur_negative", karim("salaire_net", {"month:2025-01:-1": 100}), 400, "invalid period 'month:2025-01:-1'"),
    ("periode_hors_des_annees", famille("rsa", {"1850-06": None}), 400, "period '1850-06' outside the years"),
    ("variable_du_mois_demandee_pour_une_annee", karim("age", {"2025": None}), 400, "individus.karim.age.2025", "'age' is computed by month", "not '2025'"),
    ("variable_du_mois_demandee_pour_un_jour", karim("age", {"2025-06-01": None}), 400, "'age' is computed by month", "'2025-06-01'"),
    ("variable_du_mois_demandee_pour_trois_mois", famille("rsa", {"month:2025-04:3": None}), 400, "'rsa' is computed by month"),
    ("variable_du_mois_donnee_pour_une_semaine", karim("salaire_net", {"2025-W01": 100}), 400, "'salaire_net' is given by month, not for '2025-W01'"),
    ("variable_de_l_annee_donnee_pour_un_mois", karim("rpns_autres_revenus", {"2025-06": 100}), 400, "'rpns_autres_revenus' is given by year, not for '2025-06'"),
    ("variable_sans_repartition_donnee_pour_un_an", famille("rsa", {"2025": 100}), 400, "'rsa' is given for one month at a time, not for '2025'"),
    ("entree_sur_plus_de_dix_ans", karim("salaire_net", {"year:2015:11": 100}), 400, "an input may cover at most 10 years"),
    ("entrees_incoherentes", karim("salaire_net", {**{f"2025-{m:02d}": 1 for m in range(1, 13)}, "2025": 500}), 400, "inconsistent inputs", "'salaire_net'", "2025"),
    # values
    ("texte_pour_un_nombre", karim("salaire_net", {"2025-06": "1000"}), 400, "individus.karim.salaire_net.2025-06", "'salaire_net' expects a number, not a string"),
    ("booleen_pour_un_nombre", karim("salaire_net", {"2025-06": True}), 400, "'salaire_net' expects a number, not a boolean"),
    ("nombre_1e300", karim("salaire_net", {"2025-06": 1e300}), 400, "'salaire_net'", "is out of range"),
    ("entier_10_puissance_30", karim("salaire_net", {"2025-06": 10**30}), 400, "'salaire_net'", "is out of range"),
    ("entier_10_puissance_400", karim("salaire_net", {"2025-06": 10**400}), 400, "'salaire_net'", "is out of range"),
    ("entier_10_puissance_30_pour_un_age", karim("age", {"2025-06": 10**30}), 400, "'age'", "is out of range"),
    ("entier_de_5000_chiffres", texte_json("7" * 5000), 400, "invalid JSON: a number with too many digits"),
    ("nombre_1e99999", texte_json("1e99999"), 400, "individus.karim.salaire_net.2025", "inf is out of range"),
    ("nan", texte_json("NaN"), 400, "NaN is not a JSON value"),
    ("infinity", texte_json("Infinity"), 400, "Infinity is not a JSON value"),
    ("moins_infinity", texte_json("-Infinity"), 400, "-Infinity is not a JSON value"),
    ("decimales_pour_un_entier", karim("age", {"2025-06": 30.5}), 400, "'age' expects a whole number, not 30.5"),
    ("nombre_pour_un_booleen", lambda s: remplace(s, {"2025-06": 1}, "menages", "menage_1", "qpv"), 400, "'qpv' expects true or false, not a number"),
    ("enum_inconnue", karim("activite", {"2025-06": "astronaute"}), 400, "'activite' expects one of actif", "got 'astronaute'"),
    ("enum_par_son_rang", karim("activite", {"2025-06": 0}), 400, "'activite' expects one of", "got a number"),
    ("date_impossible", karim("date_naissance", {"ETERNITY": "1987-02-30"}), 400, "individus.karim.date_naissance.ETERNITY", "'date_naissance' expects a date YYYY-MM-DD", "1987-02-30"),
    ("date_a_la_francaise", karim("date_naissance", {"ETERNITY": "14/03/1987"}), 400, "'date_naissance' expects a date YYYY-MM-DD"),
    ("date_en_nombre", karim("date_naissance", {"ETERNITY": 19870314}), 400, "'date_naissance' expects a date YYYY-MM-DD, not a number"),
    ("texte_trop_long", lambda s: remplace(s, {"2025-06": "x" * 300}, "menages", "menage_1", "depcom"), 400, "'depcom' expects a string of at most 200 characters"),
    ("valeur_pas_un_objet_de_periodes", karim("salaire_net", 1000), 400, "individus.karim.salaire_net", "expected an object {period: value}", "not a number"),
    ("valeur_liste", karim("salaire_net", {"2025-06": [1000, 2000]}), 400, "'salaire_net' expects a number, not an array"),
    ("objets_imbriques_dans_une_variable", karim("salaire_net", {"2025-06": imbrique(50)}), 400, "'salaire_net' expects a number, not an object"),
    ("objets_imbriques_a_la_place_des_periodes", karim("salaire_net", imbrique(50)), 400, "individus.karim.salaire_net.a", "invalid period 'a'"),
    ("objets_imbriques_a_la_place_d_une_personne", lambda s: remplace(s, imbrique(50), "individus", "karim"), 400, "individus.karim.a", "unknown variable 'a'"),
    # the body itself
    ("tableaux_imbriques_100000", lambda s: b"[" * 100_000 + b"]" * 100_000, 400, "nested too deeply"),
    ("objets_imbriques_30000", lambda s: b'{"a":' * 30_000 + b"1" + b"}" * 30_000, 400, "nested too deeply"),
    ("corps_vide", lambda s: b"", 400, "empty body"),
    ("corps_blanc", lambda s: b"  \n\t\r\n ", 400, "empty body"),
    ("corps_pas_utf8", lambda s: b'{"individus": {"\xff\xfe": {}}}', 400, "not UTF-8"),
    ("corps_latin1", lambda s: json.dumps(s, ensure_ascii=False).replace("karim", "kârim").encode("latin-1"), 400, "not UTF-8"),
    ("json_coupe", lambda s: json.dumps(s).encode()[:-10], 400, "invalid JSON at line 1"),
    ("json_tableau", lambda s: [s], 400, "expected a JSON object", "not an array"),
    ("json_null", lambda s: None, 400, "expected a JSON object", "not null"),
    ("json_texte", lambda s: "hello", 400, "expected a JSON object", "not a string"),
    ("json_nombre", lambda s: 12, 400, "expected a JSON object", "not a number"),
    ("json_objet_vide", lambda s: {}, 400, "individus", "at least one person"),
]  # fmt: skip


def _corps(mutation, exemple) -> bytes:
    situation = mutation(exemple)
    return situation if isinstance(situation, bytes) else json.dumps(situation).encode()


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    "mutation, statut, morceaux", [pytest.param(m, s, morceaux, id=nom) for nom, m, s, *morceaux in SITUATIONS_FAUSSES]
)
def test_situation_fausse(api, exemple, route, mutation, statut, morceaux):
    verifie_erreur(api.poste(route, _corps(mutation, exemple)), statut, *morceaux)


# ----- limits (those given to the server in conftest.py) -----


@pytest.mark.parametrize("route", ROUTES)
def test_trop_de_personnes(api, limites, route):
    n = limites["max_persons"] + 1
    situation = {"individus": {f"p{i}": {} for i in range(n)}, "familles": {f"f{i}": {"parents": [f"p{i}"]} for i in range(n)}}
    verifie_erreur(api.poste_json(route, situation), 413, f"{n} persons", f"at most {limites['max_persons']} per request")


@pytest.mark.parametrize("route", ROUTES)
def test_trop_de_valeurs_demandees(api, exemple, limites, route):
    n = limites["max_values"]  # with the 17 of the example, over the limit
    exemple["individus"]["karim"]["chomage_net"] = {f"{2000 + m // 12}-{m % 12 + 1:02d}": None for m in range(n)}
    verifie_erreur(api.poste_json(route, exemple), 413, f"{n + 17} values asked for", f"at most {n} per request")


@pytest.mark.parametrize("route", ROUTES)
def test_corps_trop_gros(api, exemple, limites, route):
    exemple["menages"]["menage_1"]["depcom"] = {"2025-06": "x" * limites["max_body"]}
    verifie_erreur(api.poste_json(route, exemple), 413, f"request body over {limites['max_body']} bytes")


def test_trop_de_personnes_le_long_des_axes(api, exemple, limites):
    n = limites["max_axes_persons"]
    exemple["axes"] = [[axe(count=n // 4 + 1)]]  # 4 persons in the example
    verifie_erreur(api.poste_json("/calculate", exemple), 413, "axes", f"{4 * (n // 4 + 1)} persons", f"at most {n}")


def test_juste_assez_de_personnes_le_long_des_axes(api, exemple, limites):
    exemple["axes"] = [[axe(count=limites["max_axes_persons"] // 4)]]
    statut, donnees, texte = api.poste_json("/calculate", exemple)
    assert statut == 200, texte[:500]
    assert len(donnees["familles"]["famille_1"]["rsa"]["2025-06"]) == limites["max_axes_persons"] // 4


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    "type_contenu, attendu",
    [
        ("text/plain", "'text/plain'"),
        (None, "Content-Type: application/json"),
        ("application/x-www-form-urlencoded", "'application/x-www-form-urlencoded'"),
        ("multipart/form-data; boundary=x", "multipart/form-data"),
        ("application/xml", "'application/xml'"),
    ],
    ids=["text_plain", "aucun", "formulaire", "multipart", "xml"],
)
def test_mauvais_type_de_contenu(api, exemple, route, type_contenu, attendu):
    verifie_erreur(api.poste(route, json.dumps(exemple).encode(), type_contenu), 415, "expected Content-Type: application/json", attendu)


@pytest.mark.parametrize("route", ROUTES)
def test_type_de_contenu_json_avec_charset(api, exemple, route):
    statut, donnees, texte = api.poste(route, json.dumps(exemple).encode(), "application/json; charset=utf-8")
    assert statut == 200, texte[:500]


# ----- axes -----


def axe(**cles) -> dict:
    return {"name": "salaire_net", "min": 0, "max": 2000, "count": 3, "period": "2025-06", **cles}


def avec_axes(axes):
    return lambda s: remplace(s, axes, "axes")


AXES_FAUX = [
    ("variable_inconnue", [[axe(name="salaire_nett")]], 400, "axes.0.0.name", "unknown variable 'salaire_nett'", "did you mean salaire_net"),
    ("variable_pas_un_texte", [[axe(name=["salaire_net"])]], 400, "axes.0.0.name", "expected the name of a variable, not an array"),
    ("variable_pas_un_nombre", [[axe(name="activite")]], 400, "axes.0.0.name", "'activite' is not a number"),
    ("variable_booleenne", [[axe(name="qpv")]], 400, "'qpv' is not a number"),
    ("sans_count", [[{k: v for k, v in axe().items() if k != "count"}]], 400, "axes.0.0.count", "expected a whole number of points"),
    ("count_nul", [[axe(count=0)]], 400, "axes.0.0.count", "at least 1"),
    ("count_decimal", [[axe(count=2.5)]], 400, "axes.0.0.count", "expected a whole number of points"),
    ("count_texte", [[axe(count="3")]], 400, "axes.0.0.count"),
    ("sans_min", [[{k: v for k, v in axe().items() if k != "min"}]], 400, "axes.0.0.min", "expected a number"),
    ("max_enorme", [[axe(max=1e300)]], 400, "axes.0.0.max", "at most 1e+09"),
    ("counts_paralleles_differents", [[axe(), axe(name="chomage_net", count=4)]], 400, "axes.0.1.count", "parallel axes have the same count (3), not 4"),
    ("paralleles_sur_deux_entites", [[axe(), axe(name="loyer")]], 400, "axes.0.1.name", "parallel axes vary variables of one entity", "'loyer' belongs to the menages"),
    ("paralleles_hors_de_la_premiere_liste", [[axe()], [axe(name="loyer", count=2), axe(name="loyer", period="2025-05", count=2)]], 400, "axes.1", "only the first list may hold parallel axes"),
    ("un_point_dans_une_grille", [[axe(count=1)], [axe(name="loyer", count=2)]], 400, "axes.0.0.count", "at least 2 points"),
    ("index_trop_grand", [[axe(index=7)]], 400, "axes.0.0.index", "index of the individu whose salaire_net varies: 0 to 3"),
    ("index_negatif", [[axe(index=-1)]], 400, "axes.0.0.index"),
    ("index_texte", [[axe(index="0")]], 400, "axes.0.0.index"),
    ("periode_fausse", [[axe(period="2025-13")]], 400, "axes.0.0.period", "invalid period '2025-13'"),
    ("periode_de_longueur_negative", [[axe(period="month:2025-06:-1")]], 400, "axes.0.0.period", "at least one month"),
    ("periode_tableau", [[axe(period=["2025-06"])]], 400, "axes.0.0.period", "not an array"),
    ("periode_d_un_mois_pour_une_variable_annuelle", [[axe(name="rpns_autres_revenus")]], 400, "axes.0.0.period", "'rpns_autres_revenus' is given by year"),
    ("cle_inconnue", [[axe(step=10)]], 400, "axes.0.0", "unknown key 'step'"),
    ("pas_une_liste", {"name": "salaire_net"}, 400, "axes", "expected a list of lists of axes"),
    ("liste_vide", [], 400, "axes", "expected a list of lists of axes"),
    ("liste_de_listes_vides", [[]], 400, "axes", "expected a list of lists of axes"),
    ("axe_pas_un_objet", [["salaire_net"]], 400, "axes.0.0", "expected an object, not a string"),
    ("trois_listes", [[axe()], [axe(name="loyer", count=2)], [axe(name="chomage_net", count=2)]], 400, "axes", "at most two lists of axes"),
    ("grille_trop_grande", [[axe(count=1000)], [axe(name="loyer", count=1000)]], 413, "axes", "4000000 persons"),
]  # fmt: skip


@pytest.mark.parametrize("axes, statut, morceaux", [pytest.param(a, s, m, id=nom) for nom, a, s, *m in AXES_FAUX])
def test_axes_faux(api, exemple, axes, statut, morceaux):
    verifie_erreur(api.poste("/calculate", _corps(avec_axes(axes), exemple)), statut, *morceaux)


def test_axes_sans_periode_quand_plusieurs_periodes_sont_demandees(api, exemple):
    exemple["familles"]["famille_1"]["rsa"] = {"2025-05": None, "2025-06": None}
    axes = [[{k: v for k, v in axe().items() if k != "period"}]]
    verifie_erreur(api.poste_json("/calculate", avec_axes(axes)(exemple)), 400, "axes.0.0", "give the axis a period")


def test_axes_refuses_par_trace(api, exemple):
    verifie_erreur(api.poste_json("/trace", avec_axes([[axe()]])(exemple)), 400, "axes", "axes are accepted by /calculate only")


# ----- routes -----


@pytest.mark.parametrize(
    "methode, chemin, statut, morceaux",
    [
        ("GET", "/calculate", 405, ["GET is not accepted on /calculate"]),
        ("GET", "/trace", 405, ["GET is not accepted on /trace"]),
        ("PUT", "/calculate", 405, ["PUT is not accepted on /calculate"]),
        ("DELETE", "/trace", 405, ["DELETE is not accepted on /trace"]),
        ("POST", "/variables", 405, ["POST is not accepted on /variables"]),
        ("GET", "/calculer", 404, ["nothing at /calculer"]),
        ("POST", "/nulle/part", 404, ["nothing at /nulle/part"]),
        ("GET", "/variable/inconnue", 404, ["unknown variable 'inconnue'"]),
        ("GET", "/variable/salaire_nett", 404, ["unknown variable 'salaire_nett'", "did you mean salaire_net"]),
        ("GET", "/parameter/inconnu", 404, ["unknown parameter 'inconnu'"]),
        ("GET", "/parameter/prestations.rsa.inconnu", 404, ["unknown parameter 'prestations.rsa.inconnu'", "did you mean"]),
    ],
)
def test_routes_et_methodes(api, methode, chemin, statut, morceaux):
    verifie_erreur(api.requete(methode, chemin), statut, *morceaux)


def test_405_donne_les_methodes_permises(api):
    import http.client

    connexion = http.client.HTTPConnection(api.hote, api.port, timeout=30)
    try:
        connexion.request("GET", "/calculate")
        reponse = connexion.getresponse()
        reponse.read()
        assert reponse.status == 405
        assert "POST" in reponse.getheader("Allow", "")
        assert reponse.getheader("Content-Type", "").startswith("application/json")
    finally:
        connexion.close()


# ----- good requests -----


def test_exemple_calcule(api, exemple):
    statut, donnees, texte = api.poste_json("/calculate", exemple)
    assert statut == 200, texte[:500]
    famille = donnees["familles"]["famille_1"]
    for variable in ("rsa", "rsa_forfait_logement", "ppa"):
        valeur = famille[variable]["2025-06"]
        assert isinstance(valeur, (int, float)) and not isinstance(valeur, bool), (variable, valeur)
    assert isinstance(famille["en_couple"]["2025-06"], bool)
    assert isinstance(famille["css_droit"]["2025-06"], str)
    # karim born 1987-03-14 -> 38; sarah 1990-09-02 -> 34; ines 2015-05-20 -> 10; yanis 2019-11-08 -> 5
    ages = {nom: personne["age"]["2025-06"] for nom, personne in donnees["individus"].items()}
    assert ages == {"karim": 38, "sarah": 34, "ines": 10, "yanis": 5}
    # the inputs come back as they were given
    assert donnees["individus"]["karim"]["salaire_net"] == {"2024": 8400, "2025": 8400}


def test_exemple_trace(api, exemple):
    statut, donnees, texte = api.poste_json("/trace", exemple)
    assert statut == 200, texte[:500]
    assert "rsa<2025-06>" in donnees["requestedCalculations"]
    assert "rsa<2025-06>" in donnees["trace"]
    assert donnees["entitiesDescription"]["individus"] == ["karim", "sarah", "ines", "yanis"]


def _valeur(api, situation, *chemin):
    statut, donnees, texte = api.poste_json("/calculate", situation)
    assert statut == 200, texte[:500]
    for cle in chemin:
        donnees = donnees[cle]
    return donnees


def test_axes_egaux_au_calcul_point_par_point(api, exemple):
    """Each point of an axis on karim's June salary gives the RSA and the prime d'activité of the
    same request without axes and with that salary given directly."""
    salaires = [0.0, 1000.0, 2000.0]
    situation = avec_axes([[axe(min=salaires[0], max=salaires[-1], count=len(salaires))]])(copy.deepcopy(exemple))
    situation["individus"]["karim"]["salaire_net"]["2025-06"] = None
    statut, donnees, texte = api.poste_json("/calculate", situation)
    assert statut == 200, texte[:500]
    assert donnees["individus"]["karim"]["salaire_net"]["2025-06"] == salaires
    rsa = donnees["familles"]["famille_1"]["rsa"]["2025-06"]
    ppa = donnees["familles"]["famille_1"]["ppa"]["2025-06"]
    # every value asked for comes back as one list per axis point, for every entity
    assert all(len(personne["age"]["2025-06"]) == 3 for personne in donnees["individus"].values())
    assert len(rsa) == len(ppa) == 3
    assert len(set(rsa)) > 1, "the RSA should move with the salary"
    for i, salaire in enumerate(salaires):
        seul = copy.deepcopy(exemple)
        seul["individus"]["karim"]["salaire_net"]["2025-06"] = salaire
        resultat = _valeur(api, seul, "familles", "famille_1")
        assert rsa[i] == resultat["rsa"]["2025-06"], (salaire, rsa[i], resultat["rsa"])
        assert ppa[i] == resultat["ppa"]["2025-06"], (salaire, ppa[i], resultat["ppa"])


def test_axes_en_grille_egaux_au_calcul_point_par_point(api, exemple):
    """Two lists of axes (karim's salary × the rent) make a grid: each point of the grid gives the
    values of the request without axes with that salary and that rent."""
    situation = copy.deepcopy(exemple)
    situation["axes"] = [[axe(count=3)], [axe(name="loyer", min=100, max=700, count=2)]]
    situation["individus"]["karim"]["salaire_net"]["2025-06"] = None
    situation["menages"]["menage_1"]["loyer"] = {"2025-06": None}
    statut, donnees, texte = api.poste_json("/calculate", situation)
    assert statut == 200, texte[:500]
    salaires = donnees["individus"]["karim"]["salaire_net"]["2025-06"]
    loyers = donnees["menages"]["menage_1"]["loyer"]["2025-06"]
    rsa = donnees["familles"]["famille_1"]["rsa"]["2025-06"]
    ppa = donnees["familles"]["famille_1"]["ppa"]["2025-06"]
    assert len(salaires) == len(loyers) == len(rsa) == 6
    # The order docs/api.md states: the first list varies fastest (point i + 3 × j).
    assert list(zip(salaires, loyers)) == [(s, l) for l in (100.0, 700.0) for s in (0.0, 1000.0, 2000.0)]
    for salaire, loyer, rsa_point, ppa_point in zip(salaires, loyers, rsa, ppa):
        seul = copy.deepcopy(exemple)
        seul["individus"]["karim"]["salaire_net"]["2025-06"] = salaire
        seul["menages"]["menage_1"]["loyer"] = {"2025-06": loyer}
        resultat = _valeur(api, seul, "familles", "famille_1")
        assert (rsa_point, ppa_point) == (resultat["rsa"]["2025-06"], resultat["ppa"]["2025-06"]), (salaire, loyer)


def test_axes_sans_periode_refuses(api, exemple):
    """No default period: the month asked for is not a month the RSA reads (it reads M-4..M-2), so
    a sweep of it would answer the same amount at every point."""
    axes = [[{k: v for k, v in axe().items() if k != "period"}]]
    verifie_erreur(api.poste_json("/calculate", avec_axes(axes)(exemple)), 400, "axes.0.0", "give the axis a period")


def test_axes_sans_toutes_les_entites(api, exemple):
    del exemple["foyers_fiscaux"]
    verifie_erreur(api.poste_json("/calculate", avec_axes([[axe()]])(exemple)), 400, "axes", "give every group entity: foyers_fiscaux")


def test_barre_finale_sans_redirection(api, exemple):
    statut, donnees, texte = api.poste_json("/calculate/", exemple)
    assert statut == 200, texte[:300]


@pytest.mark.parametrize("route", ROUTES)
def test_trace_et_calcul_d_une_variable_texte(api, exemple, route):
    """A text variable asked for (depcom, stored by openfisca-core as bytes for its max_length)."""
    exemple["menages"]["menage_1"]["depcom"] = {"2025-06": "69256", "2025-07": None}
    statut, donnees, texte = api.poste_json(route, exemple)
    assert statut == 200, texte[:500]
    if route == "/calculate":
        assert donnees["menages"]["menage_1"]["depcom"]["2025-07"] == ""
