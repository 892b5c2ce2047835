"""The four entities of openfisca_metropole, compatible with openfisca-france.

Same keys, plurals and roles as openfisca-france, so that a JSON situation written for its web API
(Mes Aides, aides-jeunes, LexImpact) loads here unchanged as long as it only uses variables we define.

- ``individu`` (plural ``individus``): a person. Incomes, age, status are individual.
- ``famille`` (``familles``): the household as the CAF sees it, on which RSA, prime d'activité and
  complémentaire santé solidaire are computed: one or two ``parents`` (the ``demandeur`` and, for a
  couple, the ``conjoint``) and the ``enfants`` who live with them.
- ``menage`` (``menages``): the dwelling: housing status, rent, territory (commune, territorial
  conference, QPV). Roles ``personne_de_reference``, ``conjoint``, ``enfants``, ``autres``.
- ``foyer_fiscal`` (``foyers_fiscaux``): the income-tax household: ``declarants`` (subroles
  ``declarant_principal``, ``conjoint``) and ``personnes_a_charge``.

In a situation, a role with a plural is written with its plural (``parents``, ``enfants``,
``declarants``); single-person roles without a plural are written with their key
(``personne_de_reference``, ``conjoint``).
"""

from openfisca_core.entities import build_entity

Individu = build_entity(
    key="individu",
    plural="individus",
    label="Individu",
    doc="""Une personne physique. Les ressources, l'âge et les statuts sont individuels.""",
    is_person=True,
)

Famille = build_entity(
    key="famille",
    plural="familles",
    label="Famille (foyer au sens de la CAF)",
    doc="""Le foyer au sens des prestations sociales (CAF, MSA) : le demandeur, son conjoint (marié,
    pacsé ou concubin) et les enfants et personnes à charge qui vivent avec eux. C'est l'entité sur
    laquelle sont calculés le RSA (L262-2 CASF), la prime d'activité (L842-3 CSS) et la
    complémentaire santé solidaire (L861-1 CSS).""",
    roles=[
        {
            "key": "parent",
            "plural": "parents",
            "label": "Parents",
            "doc": "Le demandeur et, s'il vit en couple, son conjoint.",
            "subroles": ["demandeur", "conjoint"],
        },
        {
            "key": "enfant",
            "plural": "enfants",
            "label": "Enfants",
            "doc": "Les enfants et autres personnes qui vivent au foyer et peuvent être à charge.",
        },
    ],
)

FoyerFiscal = build_entity(
    key="foyer_fiscal",
    plural="foyers_fiscaux",
    label="Foyer fiscal",
    doc="""Les personnes inscrites sur une même déclaration de revenus (article 6 du code général
    des impôts). Un couple non marié ni pacsé forme deux foyers fiscaux.""",
    roles=[
        {
            "key": "declarant",
            "plural": "declarants",
            "label": "Déclarants",
            "subroles": ["declarant_principal", "conjoint"],
        },
        {
            "key": "personne_a_charge",
            "plural": "personnes_a_charge",
            "label": "Personnes à charge",
        },
    ],
)

Menage = build_entity(
    key="menage",
    plural="menages",
    label="Ménage (logement)",
    doc="""Les occupants d'un même logement, qu'ils aient ou non des liens de parenté (définition de
    l'Insee). Porte le statut d'occupation, le loyer et le territoire : commune (code Insee),
    conférence territoriale de la Métropole, résidence en quartier prioritaire (QPV) ou en zone
    de revitalisation rurale (ZRR).""",
    roles=[
        {"key": "personne_de_reference", "label": "Personne de référence", "max": 1},
        {"key": "conjoint", "label": "Conjoint", "max": 1},
        {"key": "enfant", "plural": "enfants", "label": "Enfants"},
        {"key": "autre", "plural": "autres", "label": "Autres occupants"},
    ],
)

entities = [Individu, Famille, FoyerFiscal, Menage]
