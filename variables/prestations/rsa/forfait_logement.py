"""Forfait logement of the RSA (R262-9 and R262-10 CASF): the housing advantage deducted from the
amount, for people receiving a housing aid or housed without paying rent."""

from openfisca_metropole.model_api import (
    MONTH,
    Famille,
    Variable,
    article,
    np,
)


class rsa_forfait_logement(Variable):
    value_type = float
    entity = Famille
    definition_period = MONTH
    label = "Forfait logement déduit du RSA"
    unit = "currency-EUR"
    reference = [*article("CASF", "R262-9"), *article("CASF", "R262-10")]

    def formula_2009_06_01(famille, period, parameters):
        """R262-9 and R262-10 CASF: 12 % of the montant forfaitaire of one person, 16 % of that of two,
        16.5 % of that of three for three persons or more. It is deducted in full from an owner
        without a loan to repay or a person housed free of charge; from a household receiving a
        housing aid, within the limit of that aid."""
        rsa = parameters(period).prestations.rsa
        base = rsa.montant_forfaitaire
        maj = rsa.majorations
        taux = rsa.forfait_logement
        nb_personnes = 1 + famille("rsa_couple", period) + famille("rsa_nb_enfants", period)
        forfait = np.select(
            [nb_personnes <= 1, nb_personnes == 2],
            [
                base * taux.taux_1_personne,
                base * (1 + maj.deuxieme_personne) * taux.taux_2_personnes,
            ],
            base * (1 + maj.deuxieme_personne + maj.troisieme_personne) * taux.taux_3_personnes_ou_plus,
        )
        statut = famille.demandeur.menage("statut_occupation_logement", period)
        statuts = statut.possible_values
        loyer = famille.demandeur.menage("loyer", period)
        participation = famille.demandeur.menage("participation_frais", period)
        loge_sans_loyer = (
            (statut == statuts.proprietaire)
            + (statut == statuts.primo_accedant) * (loyer <= 0)
            + (statut == statuts.loge_gratuitement) * np.logical_not(participation)
        )
        aide_logement = famille("aide_logement", period)
        return np.where(
            aide_logement > 0,
            np.minimum(aide_logement, forfait),
            loge_sans_loyer * forfait,
        )
