//! Deterministic generator of realistic commission instances.
//!
//! [`generate`] builds a commission of any size from a seed; [`ccmvr_default`]
//! builds the default commission of the 7 crèches of the rules (shipped as
//! `instances/default.json`). Both use the same machinery:
//!
//! - **Geography.** Communes have coordinates (a jittered grid for generated
//!   instances, rough kilometres for the CCMVR) and a population weight. Each
//!   crèche lies in a commune; each family has a home commune (drawn by weight),
//!   sometimes a work commune, and wishes the crèches nearest to one of them,
//!   with some noise (1 to 5 wishes).
//! - **Free places.** Sections `bebes` (about 0-18 months), `moyens` (about
//!   12-30) and `grands` (about 24-48) with overlapping ranges; micro-crèches
//!   (about 1 in 5) have one section `mixte` 0-48 and at most 12 places. Each
//!   free place was left by a child with its own planning, so places vary by day
//!   (Wednesday usually fewer) and sometimes by half-day; some sections have a
//!   second block free from 1 February or 1 March. In all, about one
//!   full-time-equivalent place (10 half-days) for every 3.5 requests; the
//!   default commission has more (about one for every 2.3 requests), so that
//!   about half its requests are placed.
//! - **Families.** Start dates inside the entry period, ages mostly fitting a
//!   section (a few unborn, too young or too old), plannings from full time to
//!   half-days, criteria in realistic proportions, antériorité derived from the
//!   request and start dates, history (renewals, refusals, no-shows), about 2%
//!   twins and a few sibling pairs of different ages (same `sibling_group`);
//!   crèche-specific sibling criteria: a brother or sister already in a wished
//!   crèche (`fratrie_dans_structure`), or at school or with a childminder in
//!   the commune of a wished crèche (`fratrie_meme_commune`, at those crèches
//!   only; a family-wide criterion in the default commission).
//!
//! One module per part: [`world`] (communes, wishes), [`creches`] (sections
//! and free places), [`families`] (requests, history), [`criteria`],
//! [`plannings`], [`ccmvr`] (the default commission), [`rng`]; [`calendar`]
//! (dates, week, random streams), [`bareme`], [`profile`] (proportions).
//!
//! Randomness comes from [`rng::SplitMix64`], one independent stream per crèche
//! and per family, so a seed gives the same JSON on every machine, and asking
//! for more requests keeps the first families unchanged.

mod bareme;
mod calendar;
mod ccmvr;
mod creches;
mod criteria;
mod families;
mod names;
mod plannings;
mod profile;
pub mod rng;
mod world;

use crate::domain::instance::Instance;
use calendar::header;
use creches::generic_creches;
use families::families;
use profile::{Force, Profile};

pub use bareme::{bareme, bareme_labels, section_label, BAREME, BAREME_LABELS};
pub use calendar::{week, COMMISSION_DATE, ENTRY_FROM, ENTRY_TO, START_TOLERANCE_DAYS};
pub use ccmvr::ccmvr_default;

/// Size and seed of a generated commission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of crèches (at least 1; 0 is taken as 1).
    pub creches: usize,
    /// Number of requests (twins and siblings count one request per child).
    pub requests: usize,
    pub seed: u64,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            creches: 7,
            requests: 120,
            seed: 1,
        }
    }
}

/// A generated instance shipped under `instances/generated/`.
#[derive(Debug, Clone, Copy)]
pub struct Shipped {
    /// File name in `instances/generated/` (`.gz`: compressed compact JSON).
    pub file: &'static str,
    pub options: GenerateOptions,
}

const fn shipped(file: &'static str, creches: usize, requests: usize, seed: u64) -> Shipped {
    Shipped {
        file,
        options: GenerateOptions {
            creches,
            requests,
            seed,
        },
    }
}

/// The three shipped sizes: a commission, a town, a département. The unit test
/// `shipped_files_match_the_generator` checks the files against these options.
pub const SHIPPED: [Shipped; 3] = [
    shipped("small-7x120.json", 7, 120, 1),
    shipped("town-40x1500.json", 40, 1500, 2),
    shipped("departement-400x12000.json.gz", 400, 12000, 3),
];

/// A commission `gen-<creches>x<requests>-<seed>` meeting on 2026-10-14 for
/// entries from 2027-01-01 to 2027-03-31. Same options, same instance.
pub fn generate(opts: &GenerateOptions) -> Instance {
    let n = opts.creches.max(1);
    let (world, creches) = generic_creches(n, opts.requests, opts.seed);
    let profile = Profile::GENERATED;
    let requests = families(&world, &profile, opts.requests, opts.seed, |_| {
        Force::default()
    });
    Instance {
        commission: header(
            format!("gen-{}x{}-{}", opts.creches, opts.requests, opts.seed),
            opts.seed,
        ),
        week: week(),
        bareme: bareme(),
        bareme_labels: bareme_labels(),
        creches,
        requests,
    }
}

#[cfg(test)]
mod tests;
