"""The administrative criteria of eligibility to the insertion-through-work sector (IAE).

Since 2021-09-01 (loi 2020-1577, décret 2021-1128, arrêté du 1er septembre 2021), a structure of the
sector (SIAE) may hire on its own assessment a person who meets one level-1 criterion, or enough
level-2 criteria for its type (arrêté, art. 2). Each criterion is one variable ``iae_critere_<code>``
named after the criterion codes of the State's platform (les-emplois); its level is a dated
parameter (``iae.criteres.niveau.<code>``) so that a reform can move it.

This table is the one list of the criteria, read by the count variables and by the ``metropole iae``
diagnosis: its label, the proof the arrêté asks for, whether the criterion can be certified through
a public API instead of a paper proof, and the inputs it reads (to tell what is missing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from openfisca_core.indexed_enums import Enum

from openfisca_metropole.entities import Famille
from openfisca_metropole.model_api import article


@dataclass(frozen=True)
class Critere:
    code: str
    libelle: str
    justificatif: str
    # Certification through a public API by the téléservice of R5132-1-19 (les-emplois): the API, or ""
    # when only a paper proof is possible.
    certification: str
    # The inputs a prescriber fills to decide the criterion (none when it is computed from the famille).
    saisies: tuple[str, ...]
    # From when the téléservice certifies it (the platform's changelog), None if never.
    certification_depuis: date | None = None
    # From when that certification is itself a proof (arrêté du 4 septembre 2025, RSA and AAH only).
    certification_justificatif_depuis: date | None = None

    @property
    def variable(self) -> str:
        return f"iae_critere_{self.code}"


class TypesNiveauDiplome(Enum):
    __order__ = "non_renseigne sans_diplome niveau_3 niveau_4 niveau_5 niveau_6 niveau_7 niveau_8"
    non_renseigne = "Non renseigné"
    sans_diplome = "Sans qualification : niveau 3 non atteint (niveaux 1 et 2)"
    niveau_3 = "Niveau 3 : CAP, BEP (obtenu ou classe atteinte)"
    niveau_4 = "Niveau 4 : baccalauréat (obtenu ou terminale atteinte)"
    niveau_5 = "Niveau 5 : bac + 2 (BTS, DUT)"
    niveau_6 = "Niveau 6 : licence, bachelor universitaire de technologie"
    niveau_7 = "Niveau 7 : master"
    niveau_8 = "Niveau 8 : doctorat"


# The level of each value of the 2019 nomenclature (décret 2019-14), in the enum's order: 0 when not
# given, 2 without diploma (levels 1 and 2 certify basic skills, not a diploma).
NIVEAU_NOMENCLATURE = {
    "non_renseigne": 0,
    "sans_diplome": 2,
    "niveau_3": 3,
    "niveau_4": 4,
    "niveau_5": 5,
    "niveau_6": 6,
    "niveau_7": 7,
    "niveau_8": 8,
}
NIVEAU_NOMENCLATURE_PAR_INDICE = np.array([NIVEAU_NOMENCLATURE[item.name] for item in TypesNiveauDiplome])


CRITERES: tuple[Critere, ...] = (
    Critere(
        "rsa",
        "Bénéficiaire du revenu de solidarité active (RSA)",
        "attestation de la CAF ou de la MSA",
        "API Particulier (CNAF / MSA)",
        ("beneficiaire_rsa",),
        date(2024, 10, 1),
        date(2025, 9, 7),
    ),
    Critere(
        "ass",
        "Bénéficiaire de l'allocation de solidarité spécifique (ASS)",
        "attestation de France Travail",
        "",
        ("ass",),
    ),
    Critere(
        "aah",
        "Bénéficiaire de l'allocation aux adultes handicapés (AAH)",
        "attestation de la CAF ou de la MSA",
        "API Particulier (CNAF / MSA)",
        ("aah",),
        date(2025, 2, 24),
        date(2025, 9, 7),
    ),
    Critere(
        "detld",
        "Demandeur d'emploi de très longue durée (inscrit depuis 24 mois ou plus)",
        "avis de situation ou historique d'inscription France Travail",
        "",
        ("duree_inscription_france_travail",),
    ),
    Critere(
        "cap_bep",
        "Niveau d'étude 3 (CAP, BEP) ou infra",
        "diplôme ou déclaration sur l'honneur",
        "",
        ("niveau_diplome",),
    ),
    Critere("senior", "Senior (50 ans ou plus)", "pièce d'identité", "", ("date_naissance",)),
    Critere("jeune", "Jeune (moins de 26 ans)", "pièce d'identité", "", ("date_naissance",)),
    Critere(
        "ase",
        "Sortant de l'aide sociale à l'enfance",
        "attestation de l'aide sociale à l'enfance",
        "",
        ("sortant_ase",),
    ),
    Critere(
        "deld",
        "Demandeur d'emploi de longue durée (inscrit depuis 12 à 23 mois)",
        "attestation d'inscription France Travail",
        "",
        ("duree_inscription_france_travail",),
    ),
    Critere(
        "th",
        "Travailleur handicapé (RQTH, bénéficiaire de l'obligation d'emploi)",
        "décision de reconnaissance de la qualité de travailleur handicapé",
        "API France Travail (RQTH)",
        ("rqth",),
        date(2026, 3, 23),
    ),
    Critere(
        "pi",
        "Parent isolé",
        "attestation de la CAF ou de la MSA",
        "API Particulier (CNAF / MSA), pour un allocataire de l'allocation de soutien familial",
        ("parent_isole",),
        date(2025, 3, 3),
    ),
    Critere(
        "psh_pr",
        "Personne sans hébergement, hébergée ou ayant un parcours de rue",
        "attestation de domiciliation ou d'un travailleur social",
        "",
        ("sans_domicile",),
    ),
    Critere(
        "ref_da",
        "Réfugié, bénéficiaire de la protection subsidiaire ou temporaire, demandeur d'asile",
        "titre de séjour ou autorisation de travail en cours de validité",
        "",
        ("refugie_ou_demandeur_asile",),
    ),
    Critere(
        "zrr",
        "Résident d'une zone de revitalisation rurale (ZRR, puis France Ruralités Revitalisation)",
        "justificatif de domicile",
        "",
        ("zrr",),
    ),
    Critere(
        "qpv",
        "Résident d'un quartier prioritaire de la politique de la ville (QPV)",
        "justificatif de domicile",
        "",
        ("qpv",),
    ),
    Critere(
        "detention_mj",
        "Sortant de détention ou personne placée sous main de justice",
        "document de levée d'écrou ou attestation du service pénitentiaire d'insertion et de probation",
        "",
        ("sortant_detention_ou_sous_main_justice",),
    ),
    Critere(
        "fle",
        "Maîtrise de la langue française inférieure au niveau A1",
        "résultat d'un test de positionnement",
        "",
        ("niveau_francais_inferieur_a1",),
    ),
    Critere(
        "pm",
        "Problème de mobilité",
        "diagnostic de mobilité par un prescripteur habilité",
        "",
        ("probleme_mobilite",),
    ),
)

# The certification dates come from the platform (gip-inclusion/les-emplois): RSA 2024-10-01 (merge of
# the API client), AAH 2025-02-24, single parent through the ASF 2025-03-03, RQTH 2026-03-23 (changelog);
# it ran for authorised prescribers from 2025-06-02. The arrêté du 4 septembre 2025 (JO 6 Sept 2025,
# taken in force the next day: unconfirmed) makes the certification a proof of RSA and AAH; for the
# others the paper proof of annex 2 stays what the a-posteriori control (R5132-1-12) checks.


def certifiable(critere: Critere, jour: date) -> bool:
    """Whether the téléservice can certify ``critere`` on ``jour``."""
    return critere.certification_depuis is not None and jour >= critere.certification_depuis


def certification_vaut_justificatif(critere: Critere, jour: date) -> bool:
    """Whether, on ``jour``, the certification replaces the paper proof."""
    depuis = critere.certification_justificatif_depuis
    return depuis is not None and jour >= depuis


CRITERES_PAR_CODE = {critere.code: critere for critere in CRITERES}

# Structure types of the sector (L5132-4 CT and the EITI of L5132-5-1), in the order of the diagnosis.
STRUCTURES = {
    "ei": "entreprise d'insertion (EI)",
    "etti": "entreprise de travail temporaire d'insertion (ETTI)",
    "ai": "association intermédiaire (AI)",
    "aci": "atelier et chantier d'insertion (ACI)",
    "eiti": "entreprise d'insertion par le travail indépendant (EITI)",
}


def niveau_nomenclature(individu, period) -> np.ndarray:
    """The level of ``niveau_diplome`` in the 2019 nomenclature (0 when not given, 2 below level 3)."""
    return NIVEAU_NOMENCLATURE_PAR_INDICE[np.asarray(individu("niveau_diplome", period))]


def parent_beneficiaire_rsa(individu, period) -> np.ndarray:
    """A parent (claimant or spouse) of a famille that receives the RSA: the RSA's recipients, on
    whom its rights and duties bear (L262-28 CASF), not the dependent children."""
    return individu.has_role(Famille.PARENT) * individu.famille("beneficiaire_rsa", period)


def nb_criteres(individu, period, parameters, niveau: int) -> np.ndarray:
    """How many criteria of ``niveau`` the person meets, each criterion's level read from its parameter."""
    niveaux = parameters(period).iae.criteres.niveau
    total = np.zeros(individu.count, dtype=np.int32)
    for critere in CRITERES:
        if niveaux[critere.code] == niveau:
            total += individu(critere.variable, period)
    return total


def age_revolu(naissance: np.ndarray, jour: np.ndarray) -> np.ndarray:
    """Completed years between each birth date and each day (vectorised; a person born on
    29 February turns one year older on 1 March in other years)."""
    naissance = naissance.astype("datetime64[D]")
    jour = jour.astype("datetime64[D]")
    mois = (jour.astype("datetime64[M]") - naissance.astype("datetime64[M]")).astype(int)
    quantieme_jour = (jour - jour.astype("datetime64[M]").astype("datetime64[D]")).astype(int)
    quantieme_naissance = (naissance - naissance.astype("datetime64[M]").astype("datetime64[D]")).astype(int)
    return (mois - (quantieme_jour < quantieme_naissance)) // 12


# The texts that define the criteria (variable references). The arrêté's identifier was read in a
# secondary copy of the Journal officiel (see parameters/iae/criteres/niveau/*.yaml).
ARRETE_2021 = [
    "Arrêté du 1er septembre 2021 fixant la liste des critères d'éligibilité des personnes à un parcours "
    "d'insertion par l'activité économique et des prescripteurs mentionnés à l'article L. 5132-3 du code du "
    "travail, art. 2 et annexe 2",
    "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000044011209",
]
R5132_1_7 = ("CT", "R5132-1-7", "LEGIARTI000043995978")
REFERENCE = [*article(*R5132_1_7), *ARRETE_2021]
