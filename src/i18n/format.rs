//! Numbers, percentages, signed points and dates, each language's way.

use chrono::{Datelike, NaiveDate};

use super::messages::{Lang, Messages};

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `4 janvier 2027`, `1er mars 2027`; `4 January 2027`.
pub fn date_words(lang: Lang, d: NaiveDate) -> String {
    format!("{} {}", month_day_words(lang, d), d.year())
}

/// `4 janvier`, `1er mars`; `4 January`.
pub fn month_day_words(lang: Lang, d: NaiveDate) -> String {
    let m = d.month0() as usize;
    match lang {
        Lang::Fr if d.day() == 1 => format!("1er {}", MONTHS_FR[m]),
        Lang::Fr => format!("{} {}", d.day(), MONTHS_FR[m]),
        Lang::En => format!("{} {}", d.day(), MONTHS_EN[m]),
    }
}

/// Groups of three digits: a narrow no-break space in French, a comma in English.
fn grouped(lang: Lang, digits: &str) -> String {
    let sep = match lang {
        Lang::Fr => "\u{202f}",
        Lang::En => ",",
    };
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3 * 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

impl Messages {
    /// An integer: `1 500` (narrow no-break space) in French, `1,500` in
    /// English; negative with a minus sign (`−3`).
    pub fn int(&self, n: i64) -> String {
        let body = grouped(self.lang(), &n.unsigned_abs().to_string());
        if n < 0 {
            format!("−{body}")
        } else {
            body
        }
    }

    /// A decimal number with `decimals` digits after the mark: `84,9` in
    /// French, `84.9` in English.
    pub fn number(&self, x: f64, decimals: usize) -> String {
        if !x.is_finite() {
            return "–".into();
        }
        let text = format!("{:.decimals$}", x.abs());
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mark = match self.lang() {
            Lang::Fr => ",",
            Lang::En => ".",
        };
        let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
            "−"
        } else {
            ""
        };
        let whole = grouped(self.lang(), whole);
        if frac.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}{mark}{frac}")
        }
    }

    /// A share as a percentage with one decimal: `84,9 %` / `84.9 %` (a
    /// no-break space before the sign, as both style guides want).
    pub fn pct(&self, share: f64) -> String {
        format!("{}\u{a0}%", self.number(100.0 * share, 1))
    }

    /// `num / den` as a percentage, `–` when `den` is 0.
    pub fn pct_of(&self, num: u64, den: u64) -> String {
        if den == 0 {
            "–".into()
        } else {
            self.pct(num as f64 / den as f64)
        }
    }

    /// Points with their sign: `+2`, `−1`, `0`.
    pub fn signed(&self, n: i64) -> String {
        match n {
            0 => "0".into(),
            n if n > 0 => format!("+{}", self.int(n)),
            n => self.int(n),
        }
    }

    /// A date in words; `d` as written when it is not `YYYY-MM-DD`.
    pub fn date(&self, d: &str) -> String {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(|d| date_words(self.lang(), d))
            .unwrap_or_else(|_| d.to_string())
    }

    /// A parsed date in words.
    pub fn day_date(&self, d: NaiveDate) -> String {
        date_words(self.lang(), d)
    }
}
