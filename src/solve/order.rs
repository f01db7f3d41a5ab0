//! The offer order: points first, then the earlier request, then a seeded draw.
//!
//! The draw is a hash of the commission's seed and the request id, so it is the
//! same on every machine and in every process, and a commission can change it
//! only by changing its seed, which the procès-verbal records.

use crate::domain::Commission;
use crate::rules::RequestOptions;

/// A number drawn from the commission seed and a request id (SplitMix64 over FNV-1a).
pub fn seeded_draw(seed: u64, id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut z = h ^ seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Request indices sorted for tie-breaks among equals: earlier `submitted`
/// first, then the seeded draw.
pub fn tie_order(c: &Commission, requests: &mut [usize]) {
    requests.sort_by_key(|&r| {
        (
            c.requests()[r].submitted,
            seeded_draw(c.seed(), &c.requests()[r].id),
        )
    });
}

/// Every request in offer order: priority points (best over its wishes)
/// descending, then [`tie_order`].
pub fn offer_order(c: &Commission, options: &[RequestOptions]) -> Vec<usize> {
    let mut all: Vec<usize> = (0..c.requests().len()).collect();
    tie_order(c, &mut all);
    // Stable: equal points keep the tie order.
    all.sort_by_key(|&r| std::cmp::Reverse(options[r].priority_points()));
    all
}
