"""Earned income (revenus d'activité), monthly, as declared. Amounts given for a longer period
(a year, a quarter) are divided evenly over its months."""

from openfisca_metropole.model_api import (
    MONTH,
    YEAR,
    Enum,
    Individu,
    Variable,
    article,
    np,
    set_input_dispatch_by_period,
    set_input_divide_by_period,
)


class salaire_net(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Salaire net (après cotisations et CSG-CRDS)"
    unit = "currency-EUR"


class remuneration_apprenti(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Rémunération de l'apprenti"
    unit = "currency-EUR"


class indemnites_stage(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Gratification de stage"
    unit = "currency-EUR"


class revenus_stage_formation_pro(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Rémunération de stage de formation professionnelle"
    unit = "currency-EUR"


class indemnites_chomage_partiel(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Indemnités d'activité partielle (chômage partiel)"
    unit = "currency-EUR"


class rpns_auto_entrepreneur_benefice(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Bénéfice mensuel d'un micro-entrepreneur (chiffre d'affaires après abattement forfaitaire)"
    unit = "currency-EUR"


class rpns_benefice_exploitant_agricole(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    label = "Bénéfice agricole de l'année (régime réel ou forfaitaire)"
    unit = "currency-EUR"


class rpns_autres_revenus(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    label = "Bénéfice industriel et commercial ou non commercial de l'année (hors micro-entreprise)"
    unit = "currency-EUR"


class rpns_autres_revenus_chiffre_affaires(Variable):
    value_type = float
    entity = Individu
    definition_period = MONTH
    set_input = set_input_divide_by_period
    label = "Chiffre d'affaires d'un travailleur non salarié non agricole (hors micro-entreprise)"
    unit = "currency-EUR"


class TypesActiviteNonSalariee(Enum):
    __order__ = "achat_revente bic bnc"
    achat_revente = "Achat-revente, vente de marchandises ou fourniture de logement"
    bic = "Prestations de services commerciales ou artisanales (BIC)"
    bnc = "Activité libérale ou non commerciale (BNC)"


class tns_autres_revenus_type_activite(Variable):
    value_type = Enum
    possible_values = TypesActiviteNonSalariee
    default_value = TypesActiviteNonSalariee.achat_revente
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Nature de l'activité non salariée non agricole (plafond de chiffre d'affaires)"


class tns_avec_employe(Variable):
    value_type = bool
    entity = Individu
    definition_period = MONTH
    set_input = set_input_dispatch_by_period
    label = "Le travailleur non salarié emploie au moins un salarié"


class ppa_rsa_derniers_revenus_tns_annuels_connus(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    label = "Douzième des derniers bénéfices annuels non salariés connus (N-1, sinon N-2), par mois"
    unit = "currency-EUR"
    reference = [*article("CASF", "R262-18"), *article("CASF", "R262-19")]

    def formula(individu, period):
        """R262-18 and R262-19 CASF: for each kind of profit (agricultural; industrial, commercial
        or non-commercial), that of the last year when known, else that of the year before last;
        a year is taken as known when its profit is not zero, and a deficit counts as zero. One
        twelfth a month (the CAF's practice). The prime d'activité applies the same rule. Like
        openfisca-france's variable of this name, except that the current year is never taken (it
        is not known yet). The revaluation of these profits by the consumer-price index (R262-21)
        is not modelled."""
        total = 0
        for nom in ("rpns_benefice_exploitant_agricole", "rpns_autres_revenus"):
            precedente = individu(nom, period.offset(-1, "year"))
            connue = np.where(precedente != 0, precedente, individu(nom, period.offset(-2, "year")))
            total = total + np.maximum(connue, 0)
        return total / 12
