//! The week grid: opening days × half-day slots, and sets of half-days.

use std::fmt;

/// Minutes since midnight.
pub type Minutes = u32;

/// At most 64 half-days a week fit in a [`SlotSet`] (7 days × 9 slots is plenty).
pub const MAX_HALF_DAYS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotDef {
    pub id: String,
    pub start: Minutes,
    pub end: Minutes,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekGrid {
    pub days: Vec<String>,
    pub slots: Vec<SlotDef>,
}

impl WeekGrid {
    pub fn half_days(&self) -> usize {
        self.days.len() * self.slots.len()
    }
    pub fn slot_index(&self, day: usize, slot: usize) -> usize {
        day * self.slots.len() + slot
    }
    pub fn day_index(&self, day: &str) -> Option<usize> {
        self.days.iter().position(|d| d == day)
    }
    pub fn slot_id_index(&self, slot: &str) -> Option<usize> {
        self.slots.iter().position(|s| s.id == slot)
    }
    /// `"thu pm"` for a half-day index.
    pub fn label(&self, index: usize) -> String {
        let n = self.slots.len();
        format!("{} {}", self.days[index / n], self.slots[index % n].id)
    }
    /// `"thu_pm"`: a half-day as a reason's parameter writes it (day id, `_`,
    /// slot id).
    pub fn code(&self, index: usize) -> String {
        let n = self.slots.len();
        format!("{}_{}", self.days[index / n], self.slots[index % n].id)
    }
    /// `"mon_am,thu_pm"`: the half-days of `set` in week order, comma-separated.
    pub fn codes(&self, set: SlotSet) -> String {
        let codes: Vec<String> = set.iter().map(|h| self.code(h)).collect();
        codes.join(",")
    }
    /// The day and slot indices of a half-day code (`"thu_pm"`), if it is one
    /// of this week's.
    pub fn parse_code(&self, code: &str) -> Option<(usize, usize)> {
        self.days.iter().enumerate().find_map(|(d, day)| {
            let slot = code.strip_prefix(day.as_str())?.strip_prefix('_')?;
            Some((d, self.slot_id_index(slot)?))
        })
    }
    /// The slots of one day that the time range `[start, end)` overlaps.
    pub fn slots_overlapping(&self, day: usize, start: Minutes, end: Minutes) -> SlotSet {
        let mut set = SlotSet::EMPTY;
        for (s, def) in self.slots.iter().enumerate() {
            if start < def.end && end > def.start {
                set.insert(self.slot_index(day, s));
            }
        }
        set
    }
}

/// A set of half-days of the week, as a bit set over [`WeekGrid::slot_index`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct SlotSet(pub u64);

impl SlotSet {
    pub const EMPTY: SlotSet = SlotSet(0);

    pub fn insert(&mut self, index: usize) {
        self.0 |= 1u64 << index;
    }
    pub fn contains(self, index: usize) -> bool {
        self.0 & (1u64 << index) != 0
    }
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn union(self, other: SlotSet) -> SlotSet {
        SlotSet(self.0 | other.0)
    }
    pub fn intersection(self, other: SlotSet) -> SlotSet {
        SlotSet(self.0 & other.0)
    }
    /// The half-days of the set, in week order (over its set bits only).
    pub fn iter(self) -> impl Iterator<Item = usize> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                i
            })
        })
    }
}

impl fmt::Debug for SlotSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// Parses `HH:MM` into minutes since midnight (`24:00` allowed as an end).
pub fn parse_time(text: &str) -> Option<Minutes> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

/// Parses `HH:MM-HH:MM`; `None` if either side does not parse.
pub fn parse_range(text: &str) -> Option<(Minutes, Minutes)> {
    let (a, b) = text.split_once('-')?;
    Some((parse_time(a.trim())?, parse_time(b.trim())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> WeekGrid {
        WeekGrid {
            days: vec!["mon".into(), "tue".into()],
            slots: vec![
                SlotDef {
                    id: "am".into(),
                    start: 450,
                    end: 750,
                },
                SlotDef {
                    id: "pm".into(),
                    start: 750,
                    end: 1110,
                },
            ],
        }
    }

    #[test]
    fn parses_times_and_ranges() {
        assert_eq!(parse_time("07:30"), Some(450));
        assert_eq!(parse_time("24:00"), Some(1440));
        assert_eq!(parse_time("7:30"), None);
        assert_eq!(parse_time("12:60"), None);
        assert_eq!(parse_range("08:00-17:30"), Some((480, 1050)));
        assert_eq!(parse_range("08:00"), None);
    }

    #[test]
    fn a_range_covers_the_slots_it_overlaps() {
        let g = grid();
        // 08:00-12:00 lies in the morning only.
        assert_eq!(
            g.slots_overlapping(0, 480, 720).iter().collect::<Vec<_>>(),
            vec![0]
        );
        // 08:00-17:30 overlaps both.
        assert_eq!(g.slots_overlapping(1, 480, 1050).len(), 2);
        // A range ending exactly when the afternoon starts does not touch it.
        assert_eq!(
            g.slots_overlapping(0, 600, 750).iter().collect::<Vec<_>>(),
            vec![0]
        );
        assert_eq!(g.label(3), "tue pm");
        assert_eq!(g.code(3), "tue_pm");
        assert_eq!(g.parse_code("tue_pm"), Some((1, 1)));
        assert_eq!(g.parse_code("tue pm"), None);
        let mut set = SlotSet::EMPTY;
        set.insert(0);
        set.insert(3);
        assert_eq!(g.codes(set), "mon_am,tue_pm");
    }
}
