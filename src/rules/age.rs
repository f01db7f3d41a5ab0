//! A child's age at a date: whole months for sections, days for the 10-week minimum.

use chrono::{Datelike, Months, NaiveDate};

/// No child enters a crèche before it is 10 weeks old (70 days).
pub const MIN_AGE_DAYS: i64 = 70;

/// Whole months from `birth` to `at`: the largest `m` with `birth + m months <= at`,
/// where adding months clamps to the end of a short month (born 31 Jan → one
/// month old on 28 Feb). Negative before birth.
pub fn age_in_months(birth: NaiveDate, at: NaiveDate) -> i64 {
    let mut m =
        (at.year() as i64 - birth.year() as i64) * 12 + at.month() as i64 - birth.month() as i64;
    while m > 0 && add_months(birth, m) > at {
        m -= 1;
    }
    while m >= 0 && add_months(birth, m + 1) <= at {
        m += 1;
    }
    m
}

fn add_months(d: NaiveDate, m: i64) -> NaiveDate {
    d.checked_add_months(Months::new(m.max(0) as u32))
        .unwrap_or(NaiveDate::MAX)
}

/// Age in days at `at` (negative before birth).
pub fn age_in_days(birth: NaiveDate, at: NaiveDate) -> i64 {
    (at - birth).num_days()
}

/// The child has reached the 10-week minimum at `at`.
pub fn old_enough(birth: NaiveDate, at: NaiveDate) -> bool {
    age_in_days(birth, at) >= MIN_AGE_DAYS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn whole_months() {
        assert_eq!(age_in_months(d("2026-06-02"), d("2027-01-04")), 7);
        assert_eq!(age_in_months(d("2026-06-05"), d("2027-01-04")), 6);
        assert_eq!(age_in_months(d("2026-01-04"), d("2027-01-04")), 12);
        assert_eq!(age_in_months(d("2027-01-04"), d("2027-01-04")), 0);
    }

    #[test]
    fn end_of_month_births_clamp() {
        assert_eq!(age_in_months(d("2026-01-31"), d("2026-02-27")), 0);
        assert_eq!(age_in_months(d("2026-01-31"), d("2026-02-28")), 1);
        assert_eq!(age_in_months(d("2026-08-31"), d("2026-09-30")), 1);
    }

    #[test]
    fn before_birth_is_negative() {
        assert!(age_in_months(d("2027-02-01"), d("2027-01-04")) < 0);
    }

    #[test]
    fn ten_weeks_minimum() {
        let birth = d("2026-11-01");
        assert!(!old_enough(birth, d("2027-01-09"))); // 69 days
        assert!(old_enough(birth, d("2027-01-10"))); // 70 days
    }
}
