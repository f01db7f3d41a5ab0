//! The calendar every generated commission shares: the October commission
//! for entries in January-March, its week of half-days, and the purposes of
//! the generator's independent random streams.

use chrono::NaiveDate;

use crate::domain::instance::{CommissionHeader, Slot, Week};

/// The date every generated commission meets (October: entries January-March).
pub const COMMISSION_DATE: &str = "2026-10-14";
pub const ENTRY_FROM: &str = "2027-01-01";
pub const ENTRY_TO: &str = "2027-03-31";
pub const START_TOLERANCE_DAYS: i64 = 31;
/// First working day of the quarter: the main blocks are free from this date.
pub(super) const FIRST_DAY: &str = "2027-01-04";

/// Monday to Friday, mornings 07:30-12:30 and afternoons 12:30-18:30.
pub fn week() -> Week {
    Week {
        days: DAYS.iter().map(|d| d.to_string()).collect(),
        slots: vec![
            Slot {
                id: "am".into(),
                start: "07:30".into(),
                end: "12:30".into(),
            },
            Slot {
                id: "pm".into(),
                start: "12:30".into(),
                end: "18:30".into(),
            },
        ],
    }
}

pub(super) const DAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];

pub(super) fn header(id: String, seed: u64) -> CommissionHeader {
    CommissionHeader {
        id,
        date: COMMISSION_DATE.into(),
        entry_from: ENTRY_FROM.into(),
        entry_to: ENTRY_TO.into(),
        start_tolerance_days: START_TOLERANCE_DAYS,
        seed,
    }
}

pub(super) fn date(s: &str) -> NaiveDate {
    s.parse().expect("constant date")
}

// Purposes of the independent random streams.
pub(super) const STREAM_MAP: u64 = 1;
pub(super) const STREAM_CRECHE: u64 = 2;
pub(super) const STREAM_FAMILY: u64 = 3;
