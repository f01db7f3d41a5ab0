//! The range of every number of the instance format, in one place.
//!
//! Each bound is far beyond what a real commission reaches, and tight enough
//! that nothing computed from a valid instance can overflow downstream:
//!
//! - a request's points are at most 1,000 criteria × 10^6 (its own), plus
//!   1,000 × 10^6 (its crèche's), plus 1,000 renewals × 10^6, minus 1,000
//!   no-shows × 10^6: |points| ≤ 4 × 10^9 (an override: 10^9 plus its crèche
//!   criteria, ≤ 2 × 10^9). Sums over the département's 12,000 requests stay
//!   below 5 × 10^13, exact in an `f64` (2^53 ≈ 9 × 10^15), which the MIP
//!   objectives use;
//! - dates have four-digit years, and the tolerance adds at most 3,650 days,
//!   so every date computed (latest availability, answer and no-show
//!   deadlines) stays within the calendar;
//! - places and ages fit a `u32` with room to spare; the load of a half-day
//!   never exceeds the number of requests.
//!
//! `docs/format.md` ("Ranges") lists the same bounds for the reader.

/// `commission.start_tolerance_days`: ten years.
pub const TOLERANCE_DAYS: (i64, i64) = (0, 3_650);
/// `…free[].places.<day>.<slot>`: places of one half-day of one block.
pub const PLACES: (i64, i64) = (0, 1_000);
/// Each barème value (negative ones are allowed).
pub const BAREME: (i64, i64) = (-1_000_000, 1_000_000);
/// `requests[].points`, the override of the family points.
pub const POINTS: (i64, i64) = (-1_000_000_000, 1_000_000_000);
/// `requests[].history.renewals` and `no_shows`.
pub const COUNT: (i64, i64) = (0, 1_000);
/// `requests[].history.family_refusals`: the third refusal cancels a request.
pub const REFUSALS: (i64, i64) = (0, 2);
/// `…sections[].min_age_months`, `max_age_months`: a crèche takes children
/// up to 6 years old.
pub const AGE_MONTHS: (i64, i64) = (0, 72);
/// Entries of `requests[].criteria` and of each `creche_criteria` list.
pub const CRITERIA: usize = 1_000;

/// The problem of `n` outside `range`, if it is: `what` and the range (a
/// negative number where the range starts at 0 is said so, as it always was).
pub fn out_of(what: &str, n: i64, (lo, hi): (i64, i64)) -> Option<String> {
    if n < 0 && lo == 0 {
        Some(format!("negative {what}"))
    } else {
        (n < lo || n > hi).then(|| format!("{what} out of range: must be between {lo} and {hi}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_points_fit_an_f64_exactly_over_a_departement() {
        let worst = 2 * CRITERIA as i64 * BAREME.1 + 2 * COUNT.1 * BAREME.1;
        assert_eq!(worst, 4_000_000_000);
        assert!(POINTS.1 + CRITERIA as i64 * BAREME.1 <= worst);
        assert!((worst as f64 * 12_000.0) < 2f64.powi(53));
    }

    #[test]
    fn bounds_are_inclusive() {
        assert_eq!(out_of("tolerance", 3_650, TOLERANCE_DAYS), None);
        assert_eq!(
            out_of("tolerance", 3_651, TOLERANCE_DAYS).unwrap(),
            "tolerance out of range: must be between 0 and 3650"
        );
        assert_eq!(
            out_of("tolerance", -1, TOLERANCE_DAYS).unwrap(),
            "negative tolerance"
        );
    }
}
