//! Reading numbers and dates as people type them into the forms: Indonesian style on `/id/`
//! (1.500.000.000; 1.500,5; 15-03-2024; 15/03/2024; 15 Maret 2024), English style on `/en/`,
//! and the ISO / machine forms (1500.5; 2024-03-15) in both.

use chrono::NaiveDate;

use crate::i18n::{Lang, PartialDate, Precision};

/// Whether `s` is digits grouped by `sep` in threes (`1.500.000`), at least one separator.
fn grouped(s: &str, sep: char) -> bool {
    let parts: Vec<&str> = s.split(sep).collect();
    parts.len() > 1
        && (1..=3).contains(&parts[0].len())
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && parts[1..].iter().all(|p| p.len() == 3)
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The whole part: plain digits or digits grouped by `sep`.
fn whole(s: &str, sep: char) -> Option<String> {
    if digits(s) {
        Some(s.to_string())
    } else if grouped(s, sep) {
        Some(s.replace(sep, ""))
    } else {
        None
    }
}

/// A number ≥ 0 with its decimals, as a machine string (`1500000000`, `1500.5`).
fn canonical_number(s: &str, lang: Lang) -> Option<String> {
    let s: String = s
        .trim()
        .trim_start_matches("Rp")
        .trim_start_matches("rp")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '\u{a0}')
        .collect();
    let (thousands, decimal) = match lang {
        Lang::Id => ('.', ','),
        Lang::En => (',', '.'),
    };
    if let Some((int, frac)) = s.rsplit_once(decimal) {
        let int = whole(int, thousands)?;
        return digits(frac).then(|| format!("{int}.{frac}"));
    }
    if let Some(w) = whole(&s, thousands) {
        return Some(w);
    }
    // The machine form in either language: one dot before the decimals (`1500.5`).
    let (int, frac) = s.split_once('.')?;
    (digits(int) && digits(frac)).then(|| format!("{int}.{frac}"))
}

/// An amount ≥ 0 below 10^15.
pub fn amount(s: &str, lang: Lang) -> Option<f64> {
    canonical_number(s, lang)?
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0 && *v < 1e15)
}

/// A whole number ≥ 0 (a count of people), thousands separators allowed.
pub fn count(s: &str, lang: Lang) -> Option<u32> {
    let c = canonical_number(s, lang)?;
    if c.contains('.') {
        return None;
    }
    c.parse().ok()
}

/// An amount written the way the page's language writes it (`1.500,5` in Indonesian).
pub fn show_amount(stored: &str, lang: Lang) -> String {
    let Ok(v) = stored.parse::<f64>() else {
        return stored.to_string();
    };
    if !v.is_finite() || v < 0.0 {
        return stored.to_string();
    }
    let (int, frac) = match stored.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (stored, ""),
    };
    let Ok(n) = int.parse::<i64>() else {
        return stored.to_string();
    };
    let int = lang.number(n);
    if frac.is_empty() {
        int
    } else {
        let sep = if lang == Lang::Id { ',' } else { '.' };
        format!("{int}{sep}{frac}")
    }
}

/// A month's number from its name or abbreviation, Indonesian or English (`Maret`, `Mar`, `Agustus`, `Aug`).
fn month(name: &str) -> Option<u32> {
    const NAMES: [&[&str]; 12] = [
        &["januari", "january", "jan"],
        &["februari", "february", "feb", "pebruari"],
        &["maret", "march", "mar"],
        &["april", "apr"],
        &["mei", "may"],
        &["juni", "june", "jun"],
        &["juli", "july", "jul"],
        &["agustus", "august", "agu", "agt", "aug"],
        &["september", "sep", "sept"],
        &["oktober", "october", "okt", "oct"],
        &["november", "nov", "nop", "nopember"],
        &["desember", "december", "des", "dec"],
    ];
    let name = name.trim_end_matches('.').to_lowercase();
    NAMES
        .iter()
        .position(|names| names.contains(&name.as_str()))
        .map(|i| i as u32 + 1)
}

fn number_of(s: &str, max_len: usize) -> Option<u32> {
    (digits(s) && s.len() <= max_len).then(|| s.parse().ok())?
}

/// A date as precise as it is written: ISO (`2024`, `2024-03`, `2024-03-15`), day first with
/// dashes, slashes or dots (`15-03-2024`, `15/03/2024`, `03/2024`), or with the month's name
/// (`15 Maret 2024`, `Maret 2024`, `March 15, 2024`).
pub fn partial_date(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    if let Ok(d) = PartialDate::parse(s) {
        return Some(d);
    }
    let make = |y: u32, m: u32, d: u32, precision| {
        if !(1800..=2200).contains(&y) {
            return None;
        }
        NaiveDate::from_ymd_opt(y as i32, m, d).map(|date| PartialDate { date, precision })
    };
    let numeric: Vec<&str> = s.split(['-', '/', '.']).collect();
    if numeric.iter().all(|p| digits(p)) {
        return match numeric.as_slice() {
            [d, m, y] if y.len() == 4 => make(
                number_of(y, 4)?,
                number_of(m, 2)?,
                number_of(d, 2)?,
                Precision::Day,
            ),
            [m, y] if y.len() == 4 => make(number_of(y, 4)?, number_of(m, 2)?, 1, Precision::Month),
            _ => None,
        };
    }
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [d, m, y] if digits(d) => make(
            number_of(y, 4)?,
            month(m)?,
            number_of(d, 2)?,
            Precision::Day,
        ),
        [m, d, y] => make(
            number_of(y, 4)?,
            month(m)?,
            number_of(d, 2)?,
            Precision::Day,
        ),
        [m, y] => make(number_of(y, 4)?, month(m)?, 1, Precision::Month),
        _ => None,
    }
}

/// A full date (day, month and year), written in any of the forms `partial_date` reads.
pub fn day(s: &str) -> Option<NaiveDate> {
    partial_date(s)
        .filter(|d| d.precision == Precision::Day)
        .map(|d| d.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_numbers() {
        assert_eq!(amount("1.500.000.000", Lang::Id), Some(1_500_000_000.0));
        assert_eq!(amount("1.500,5", Lang::Id), Some(1500.5));
        assert_eq!(amount("Rp 1.500.000", Lang::Id), Some(1_500_000.0));
        assert_eq!(amount("1500,25", Lang::Id), Some(1500.25));
        assert_eq!(amount("1500.5", Lang::Id), Some(1500.5), "machine form");
        assert_eq!(amount("1.50.000", Lang::Id), None);
        assert_eq!(amount("1,500,000", Lang::Id), None);
        assert_eq!(amount("1,500,000.75", Lang::En), Some(1_500_000.75));
        assert_eq!(amount("-5", Lang::En), None);
        assert_eq!(count("1.200", Lang::Id), Some(1200));
        assert_eq!(count("12,5", Lang::Id), None);
        assert_eq!(show_amount("1500000000", Lang::Id), "1.500.000.000");
        assert_eq!(show_amount("1500.5", Lang::Id), "1.500,5");
        assert_eq!(show_amount("1500.5", Lang::En), "1,500.5");
        for s in ["1.500.000.000", "1.500,5", "7", "0,25"] {
            let back = show_amount(&amount(s, Lang::Id).unwrap().to_string(), Lang::Id);
            assert_eq!(back, s, "round trip");
        }
    }

    #[test]
    fn indonesian_dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(day("15-03-2024"), d(2024, 3, 15));
        assert_eq!(day("15/03/2024"), d(2024, 3, 15));
        assert_eq!(day("5/3/2024"), d(2024, 3, 5));
        assert_eq!(day("15 Maret 2024"), d(2024, 3, 15));
        assert_eq!(day("15 maret 2024"), d(2024, 3, 15));
        assert_eq!(day("17 Agustus 1945"), d(1945, 8, 17));
        assert_eq!(day("March 15, 2024"), d(2024, 3, 15));
        assert_eq!(day("2024-03-15"), d(2024, 3, 15), "ISO still accepted");
        assert_eq!(day("31-02-2024"), None);
        assert_eq!(day("15 Bulan 2024"), None);
        assert_eq!(day("Maret 2024"), None, "not a full date");
        assert_eq!(partial_date("Maret 2024").unwrap().iso(), "2024-03");
        assert_eq!(partial_date("03/2024").unwrap().iso(), "2024-03");
        assert_eq!(partial_date("2024").unwrap().iso(), "2024");
        assert_eq!(partial_date("15 Maret 2024").unwrap().iso(), "2024-03-15");
        assert_eq!(partial_date("2024/13"), None);
    }
}
