//! Geography: communes with coordinates and a population weight, the crèches'
//! communes, and the wishes a family draws from where it lives and works.
//!
//! Distances only rank crèches for wishes, so their unit does not matter
//! beyond [`World::scale`], the distance worth one unit of wish noise.

use super::names;
use super::rng::SplitMix64;

#[derive(Debug, Clone)]
pub(super) struct Commune {
    pub name: String,
    pub x: f64,
    pub y: f64,
    /// Relative population: where families live and crèches are.
    pub weight: f64,
}

/// Communes, the crèches' communes and the distance scale of wishes.
#[derive(Debug, Clone)]
pub(super) struct World {
    pub communes: Vec<Commune>,
    pub creche_commune: Vec<usize>,
    pub creche_ids: Vec<String>,
    /// Distance worth one unit of wish noise (grid step, or ~5 km).
    pub scale: f64,
}

impl World {
    pub fn distance(&self, a: usize, b: usize) -> f64 {
        let (p, q) = (&self.communes[a], &self.communes[b]);
        let (dx, dy) = (p.x - q.x, p.y - q.y);
        (dx * dx + dy * dy).sqrt()
    }

    /// Population weights of the communes, for drawing a home or a workplace.
    pub fn weights(&self) -> Vec<f64> {
        self.communes.iter().map(|c| c.weight).collect()
    }
}

fn isqrt_ceil(k: usize) -> usize {
    let mut w = 1;
    while w * w < k {
        w += 1;
    }
    w
}

/// `k` communes on a jittered square grid (step 1), most of them small and a
/// few large (weight `0.3 + 3u²`).
pub(super) fn grid_communes(map: &mut SplitMix64, k: usize) -> Vec<Commune> {
    let width = isqrt_ceil(k);
    (0..k)
        .map(|i| {
            let u = map.unit();
            Commune {
                name: names::commune(i),
                x: (i % width) as f64 + 0.6 * map.unit() - 0.3,
                y: (i / width) as f64 + 0.6 * map.unit() - 0.3,
                weight: 0.3 + 3.0 * u * u,
            }
        })
        .collect()
}

/// The commune of each of `n` crèches: where people live, but a commune that
/// already has a crèche is half as likely to get another.
pub(super) fn place_creches(map: &mut SplitMix64, communes: &[Commune], n: usize) -> Vec<usize> {
    let mut weights: Vec<f64> = communes.iter().map(|c| c.weight).collect();
    (0..n)
        .map(|_| {
            let k = map.weighted(&weights);
            weights[k] *= 0.5;
            k
        })
        .collect()
}

/// 1 to 5 wishes: the crèches nearest home (or work), with some noise.
pub(super) fn draw_wishes(
    rng: &mut SplitMix64,
    world: &World,
    home: usize,
    work: Option<usize>,
) -> Vec<usize> {
    let n = world.creche_commune.len();
    let k = (rng.weighted(&[12.0, 22.0, 30.0, 18.0, 18.0]) + 1).min(n);
    let mut scored: Vec<(f64, usize)> = (0..n)
        .map(|c| {
            let cc = world.creche_commune[c];
            let mut d = world.distance(home, cc);
            if let Some(w) = work {
                d = d.min(world.distance(w, cc));
            }
            (d / world.scale + 1.5 * rng.unit(), c)
        })
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(k).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_is_square_enough() {
        assert_eq!(isqrt_ceil(1), 1);
        assert_eq!(isqrt_ceil(4), 2);
        assert_eq!(isqrt_ceil(5), 3);
        let mut rng = SplitMix64::new(1);
        let communes = grid_communes(&mut rng, 10);
        assert_eq!(communes.len(), 10);
        assert!(communes.iter().all(|c| c.x < 4.0 && c.y < 4.0));
    }

    #[test]
    fn wishes_are_distinct_and_mostly_near_home() {
        let mut rng = SplitMix64::new(2);
        let communes = grid_communes(&mut rng, 100);
        let world = World {
            creche_commune: (0..100).collect(),
            creche_ids: (0..100).map(|i| format!("c{i}")).collect(),
            communes,
            scale: 1.0,
        };
        let mut near = 0;
        for _ in 0..200 {
            let w = draw_wishes(&mut rng, &world, 55, None);
            let mut sorted = w.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), w.len());
            if world.distance(55, w[0]) <= 2.5 {
                near += 1;
            }
        }
        assert!(near > 180, "first wishes near home: {near} of 200");
    }
}
