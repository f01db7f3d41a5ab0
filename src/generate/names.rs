//! Name pools for generated crèches and communes (French-sounding, invented or
//! common; the generated communes are not a real map).

/// Crèche names; a name already used gets its commune appended.
pub const CRECHE_NAMES: &[&str] = &[
    "Les Petits Loups",
    "Pomme d'Api",
    "Les Câlins",
    "Les Diablotins",
    "La Ribambelle",
    "Les Frimousses",
    "Les Pitchouns",
    "Les Galopins",
    "Les Bambins",
    "Les Mini-Pousses",
    "L'Île aux enfants",
    "Arc-en-ciel",
    "Les P'tits Mousses",
    "La Farandole",
    "Les Chérubins",
    "Les Coccinelles",
    "Les Libellules",
    "Les Oursons",
    "Les Écureuils",
    "Les Moussaillons",
    "Le Petit Prince",
    "Les Marmots",
    "Les Bout'choux",
    "Les Canailloux",
    "Le Jardin des Lutins",
    "La Maison des Doudous",
    "Les Lucioles",
    "Les Papillons",
    "Les Hirondelles",
    "Les Trois Pommes",
    "La Courte Échelle",
    "Les Mille-Pattes",
    "Les Pieds Tendres",
    "Les Doudous",
    "Les Bisounours",
    "Les Petits Pas",
    "La Clé des Champs",
    "Les Touchatout",
    "Les Gazouillis",
    "Les Petites Canailles",
];

/// Commune names; beyond this list, names are composed from [`SAINTS`] and [`RIVERS`].
pub const COMMUNES: &[&str] = &[
    "Montbrison-le-Haut",
    "Saint-Genest-sur-Lignon",
    "Chambon-la-Roche",
    "Vorey-les-Prés",
    "Retournac-le-Vieux",
    "Aurec-sur-Semène",
    "Yssac",
    "Tence-la-Forêt",
    "Riotord-le-Bas",
    "Dunières-en-Velay",
    "Lapte",
    "Grazac",
    "Raucoules",
    "Montfaucon-sur-Dunière",
    "Araules",
    "Malataverne",
    "Lavalette",
    "Rosières-en-Velay",
    "Chamalières-sur-Ance",
    "Solignac-le-Haut",
    "Beaux",
    "Bessamorel",
    "Glavenas",
    "Mézères",
    "Queyrières",
    "Saint-Jeures",
    "Chenereilles",
    "Marlhes-la-Côte",
    "Jonzieux",
    "Firminy-le-Bourg",
    "Fraisses",
    "Unieux-sur-Loire",
    "Pont-Salomon",
    "Saint-Ferréol-d'Auroure",
    "Apinac",
    "Estivareilles",
    "Usson-en-Forez",
    "Craponne-sur-Arzon",
    "Chomelix",
    "Bellevue-la-Montagne",
];

pub const SAINTS: &[&str] = &[
    "Saint-Julien",
    "Saint-Victor",
    "Saint-Maurice",
    "Sainte-Florine",
    "Saint-Didier",
    "Saint-Romain",
    "Saint-Vincent",
    "Sainte-Eulalie",
    "Saint-Étienne",
    "Saint-Hilaire",
    "Saint-Paulien",
    "Saint-Front",
    "Saint-Bonnet",
    "Saint-Germain",
    "Saint-Just",
    "Saint-Marcel",
];

pub const RIVERS: &[&str] = &[
    "Loire", "Lignon", "Semène", "Ance", "Arzon", "Dunière", "Allier", "Borne", "Sumène", "Furan",
];

/// The `k`-th commune name (distinct for distinct `k`).
pub fn commune(k: usize) -> String {
    if k < COMMUNES.len() {
        return COMMUNES[k].to_string();
    }
    let j = k - COMMUNES.len();
    let s = SAINTS.len();
    let r = RIVERS.len();
    let base = format!("{}-sur-{}", SAINTS[j % s], RIVERS[(j / s) % r]);
    match j / (s * r) {
        0 => base,
        n => format!("{base} {}", n + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn commune_names_are_distinct() {
        let names: BTreeSet<String> = (0..1000).map(commune).collect();
        assert_eq!(names.len(), 1000);
    }
}
