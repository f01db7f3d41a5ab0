//! The barème of every shipped instance, with the wording of the rules'
//! criteria list as its labels, and the labels of the generated sections.

use std::collections::BTreeMap;

use crate::domain::Label;

/// The barème used by every shipped instance (also `instances/bareme.json`).
pub const BAREME: &[(&str, i64)] = &[
    ("domicile_ccmvr", 10),
    ("travail_ccmvr", 5),
    ("anteriorite_6_mois", 3),
    ("anteriorite_4_6_mois", 2),
    ("renouvellement", 1),
    ("nouvelle_demande_apres_place_non_choisie", 2),
    ("monoparentale_active", 6),
    ("couple_bi_actif", 5),
    ("monoparentale_non_active", 3),
    ("couple_mono_actif", 2),
    ("parent_mineur", 4),
    ("orientation_services_sociaux", 6),
    ("adoption", 3),
    ("mutation_professionnelle", 2),
    ("retour_emploi_formation", 3),
    ("naissance_multiple", 2),
    ("plusieurs_enfants", 2),
    ("fratrie_dans_structure", 3),
    ("fratrie_meme_commune", 1),
    ("enfant_handicap", 3),
    ("enfant_maladie", 3),
    ("parent_maladie", 3),
    ("membre_famille_handicap", 2),
    ("passage_occasionnel_regulier", 1),
    ("situation_fragile", 4),
    ("enfant_ase", 6),
    ("parent_association_communautaire", 1),
    ("malus_absence", 1),
];

/// The barème as the instance's flat object.
pub fn bareme() -> BTreeMap<String, i64> {
    BAREME.iter().map(|&(k, v)| (k.to_string(), v)).collect()
}

/// The labels of [`BAREME`]: the wording of the rules' criteria list
/// (*règlement de fonctionnement* of the Guichet Unique, section III.4) in
/// French, and an English rendering. `malus_absence` is not in that list:
/// its wording follows section III.6 (no-shows).
pub const BAREME_LABELS: &[(&str, &str, &str)] = &[
    (
        "domicile_ccmvr",
        "Famille domiciliée sur la CCMVR",
        "Family lives in the CCMVR",
    ),
    (
        "travail_ccmvr",
        "Au moins un des deux parents travaille sur le territoire de la CCMVR",
        "At least one parent works in the CCMVR",
    ),
    (
        "anteriorite_6_mois",
        "Demande d'accueil effectuée au moins 6 mois avant la date d'accueil souhaitée",
        "Request made at least 6 months before the wished date",
    ),
    (
        "anteriorite_4_6_mois",
        "Demande d'accueil effectuée entre 4 et 6 mois avant la date d'accueil souhaitée",
        "Request made 4 to 6 months before the wished date",
    ),
    (
        "renouvellement",
        "Représentation de la demande d'accueil (sauf si elle fait suite à un refus de place par la famille)",
        "Request presented again (unless after the family refused a place)",
    ),
    (
        "nouvelle_demande_apres_place_non_choisie",
        "Nouvelle demande suite à l'attribution d'une place qui ne correspondait pas au 1er choix de la famille",
        "New request after a place that was not the family's first choice",
    ),
    (
        "monoparentale_active",
        "Famille monoparentale active",
        "Working single parent",
    ),
    (
        "couple_bi_actif",
        "Couple bi-actif",
        "Both parents work",
    ),
    (
        "monoparentale_non_active",
        "Famille monoparentale non active",
        "Single parent not working",
    ),
    (
        "couple_mono_actif",
        "Couple mono-actif",
        "Couple, one parent works",
    ),
    (
        "parent_mineur",
        "Au moins un des parents est mineur",
        "At least one parent is a minor",
    ),
    (
        "orientation_services_sociaux",
        "Enfant adressé par les services sociaux (Département, CIDFF, association à vocation sociale)",
        "Child referred by social services (Département, CIDFF, social association)",
    ),
    (
        "adoption",
        "Adoption (si la demande n'a pas pu être faite entre 4 et 6 mois avant la date d'accueil souhaitée)",
        "Adoption (when the request could not be made 4 to 6 months before the wished date)",
    ),
    (
        "mutation_professionnelle",
        "Mutation professionnelle",
        "Job transfer",
    ),
    (
        "retour_emploi_formation",
        "Famille dont au moins un parent est en recherche d'emploi et trouvant un emploi à pourvoir rapidement ou une formation à effectuer",
        "A parent looking for work finds a job to start soon or a training course",
    ),
    (
        "naissance_multiple",
        "La demande concerne une naissance multiple",
        "Multiple birth",
    ),
    (
        "plusieurs_enfants",
        "La demande concerne plusieurs enfants d'une même famille",
        "Request for several children of one family",
    ),
    (
        "fratrie_dans_structure",
        "Un premier enfant est déjà accueilli dans la structure à la date souhaitée d'accueil",
        "A first child is already in this crèche on the wished date",
    ),
    (
        "fratrie_meme_commune",
        "Un ou plusieurs enfants de la même famille est(sont) accueilli(s) dans une école, une structure enfance/jeunesse ou chez une assistante maternelle de la même commune",
        "Siblings in a school, a childhood or youth structure or with a childminder of the same commune",
    ),
    (
        "enfant_handicap",
        "Enfant en situation de handicap",
        "Child with a disability",
    ),
    (
        "enfant_maladie",
        "Enfant atteint d'une maladie nécessitant une prise en charge particulière",
        "Child with an illness needing particular care",
    ),
    (
        "parent_maladie",
        "Au moins un des deux parents est atteint d'une maladie (y compris les maladies psychiques) ne permettant pas la prise en charge de son enfant au domicile au quotidien",
        "A parent's illness prevents caring for the child at home every day",
    ),
    (
        "membre_famille_handicap",
        "Un membre de la famille est en situation de handicap ou nécessite des soins médicaux particuliers",
        "A family member is disabled or needs particular medical care",
    ),
    (
        "passage_occasionnel_regulier",
        "Passage d'un accueil occasionnel à un accueil régulier (changement du besoin)",
        "From occasional to regular care (a change of need)",
    ),
    (
        "situation_fragile",
        "Situation familiale fragile nécessitant une prise en charge de l'enfant en structure, même en l'absence de suivi par un service social",
        "Fragile family situation needing care in a structure, even without social-services follow-up",
    ),
    (
        "enfant_ase",
        "Enfant confié à l'Aide Sociale à l'Enfance, sur orientation des services sociaux",
        "Child in the care of the Aide Sociale à l'Enfance, referred by social services",
    ),
    (
        "parent_association_communautaire",
        "Parent(s) investi(s) dans une association communautaire",
        "Parent active in a community association",
    ),
    (
        "malus_absence",
        "Enfant non présenté dans les 15 jours suivant la date d'accueil (point malus, cumulatif)",
        "Child not brought within 15 days of the entry date (malus point, cumulative)",
    ),
];

/// The barème labels as the instance's `bareme_labels` (French and English).
pub fn bareme_labels() -> BTreeMap<String, Label> {
    BAREME_LABELS
        .iter()
        .map(|&(k, fr, en)| {
            let by_lang = [("fr", fr), ("en", en)].map(|(l, t)| (l.to_string(), t.to_string()));
            (k.to_string(), Label::ByLang(by_lang.into_iter().collect()))
        })
        .collect()
}

/// The label of a generated section: `Bébés`/`Babies`, `Moyens`/`Middle`,
/// `Grands`/`Big`, `Section mixte`/`Mixed section` (micro-crèches).
pub fn section_label(id: &str) -> Option<Label> {
    let (fr, en) = match id {
        "bebes" => ("Bébés", "Babies"),
        "moyens" => ("Moyens", "Middle"),
        "grands" => ("Grands", "Big"),
        "mixte" => ("Section mixte", "Mixed section"),
        _ => return None,
    };
    let by_lang = [("fr", fr), ("en", en)].map(|(l, t)| (l.to_string(), t.to_string()));
    Some(Label::ByLang(by_lang.into_iter().collect()))
}
