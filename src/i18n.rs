//! Languages of the site: the `Lang` in every URL, Fluent message lookup, and dates in each language.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use fluent_templates::{Loader, fluent_bundle::FluentValue};
use unic_langid::LanguageIdentifier;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "id",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language of the site. Indonesian is the default; English the second.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Lang {
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a path is in (`/en/...`), Indonesian when the path names none.
    pub fn from_path(path: &str) -> Lang {
        path.trim_start_matches('/')
            .split('/')
            .next()
            .and_then(Lang::parse)
            .unwrap_or(Lang::Id)
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Id => unic_langid::langid!("id"),
            Lang::En => unic_langid::langid!("en"),
        }
    }

    fn chrono_locale(self) -> chrono::Locale {
        match self {
            Lang::Id => chrono::Locale::id_ID,
            Lang::En => chrono::Locale::en_GB,
        }
    }

    /// The message `key` in this language. A missing key shows as the key itself (and a test
    /// checks that every key used exists in both languages).
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(&self.langid(), key)
    }

    /// The message `key`, or `None` when no language has it (for vocabulary that may be open-ended).
    pub fn try_t(self, key: &str) -> Option<String> {
        LOCALES.try_lookup(&self.langid(), key)
    }

    /// The message `key` with named arguments.
    pub fn t_args(self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
            .collect();
        LOCALES.lookup_with_args(&self.langid(), key, &map)
    }

    /// A vocabulary label such as `field-education`, falling back to the raw tag.
    pub fn vocab(self, prefix: &str, tag: &str) -> String {
        self.try_t(&format!("{prefix}-{tag}"))
            .unwrap_or_else(|| tag.to_string())
    }

    /// A whole number written the way the language writes it (`1.234` / `1,234`).
    pub fn number(self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let sep = match self {
            Lang::Id => '.',
            Lang::En => ',',
        };
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(ch);
        }
        if n < 0 { format!("-{out}") } else { out }
    }

    /// A date at the precision the source gave: `2017`, `Mei 2017` or `17 Mei 2017`.
    pub fn date(self, date: NaiveDate, precision: Precision) -> String {
        let loc = self.chrono_locale();
        match precision {
            Precision::Year => date.year().to_string(),
            Precision::Month => date.format_localized("%B %Y", loc).to_string(),
            Precision::Day => date.format_localized("%-d %B %Y", loc).to_string(),
        }
    }

    /// A full date (`17 Mei 2017`).
    pub fn day(self, date: NaiveDate) -> String {
        self.date(date, Precision::Day)
    }
}

/// How precise a recorded date is. Sources give `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and a page
/// must never show a day or month the source did not give.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }

    /// Reads a stored precision; an unknown or missing value counts as a full day.
    pub fn from_db(s: Option<&str>) -> Precision {
        match s {
            Some("year") => Precision::Year,
            Some("month") => Precision::Month,
            _ => Precision::Day,
        }
    }
}

/// A date as precise as its source: the first day of the period it names, and the precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PartialDate {
    pub date: NaiveDate,
    pub precision: Precision,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let s = s.trim();
        let bad = || format!("'{s}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD");
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Result<u32, String> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let (y, m, d, precision) = match parts.as_slice() {
            [y] => (num(y, 4)?, 1, 1, Precision::Year),
            [y, m] => (num(y, 4)?, num(m, 2)?, 1, Precision::Month),
            [y, m, d] => (num(y, 4)?, num(m, 2)?, num(d, 2)?, Precision::Day),
            _ => return Err(bad()),
        };
        if !(1800..=2200).contains(&y) {
            return Err(format!("the year in '{s}' is outside 1800–2200"));
        }
        let date = NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(bad)?;
        Ok(PartialDate { date, precision })
    }

    pub fn from_db(date: Option<NaiveDate>, precision: Option<&str>) -> Option<PartialDate> {
        date.map(|date| PartialDate {
            date,
            precision: Precision::from_db(precision),
        })
    }

    /// The ISO 8601 form at its own precision (`2017`, `2017-05`, `2017-05-17`).
    pub fn iso(&self) -> String {
        match self.precision {
            Precision::Year => self.date.format("%Y").to_string(),
            Precision::Month => self.date.format("%Y-%m").to_string(),
            Precision::Day => self.date.format("%Y-%m-%d").to_string(),
        }
    }

    /// The last day of the period the date names (31 Dec for a year, the month's end for a month).
    pub fn last_day(&self) -> NaiveDate {
        match self.precision {
            Precision::Day => self.date,
            Precision::Month => {
                let (y, m) = (self.date.year(), self.date.month());
                let next = if m == 12 {
                    NaiveDate::from_ymd_opt(y + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(y, m + 1, 1)
                };
                next.and_then(|d| d.pred_opt()).unwrap_or(self.date)
            }
            Precision::Year => {
                NaiveDate::from_ymd_opt(self.date.year(), 12, 31).unwrap_or(self.date)
            }
        }
    }

    pub fn show(&self, lang: Lang) -> String {
        lang.date(self.date, self.precision)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision_in_both_languages() {
        let d = PartialDate::parse("2017-05-17").unwrap();
        assert_eq!(d.show(Lang::Id), "17 Mei 2017");
        assert_eq!(d.show(Lang::En), "17 May 2017");
        let m = PartialDate::parse("2019-08").unwrap();
        assert_eq!(m.show(Lang::Id), "Agustus 2019");
        assert_eq!(m.show(Lang::En), "August 2019");
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2019, 8, 31).unwrap());
        let y = PartialDate::parse("2014").unwrap();
        assert_eq!(y.show(Lang::Id), "2014");
        assert_eq!(y.iso(), "2014");
        assert_eq!(y.last_day(), NaiveDate::from_ymd_opt(2014, 12, 31).unwrap());
        assert_eq!(PartialDate::parse("2024-02").unwrap().last_day().day(), 29);
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in [
            "",
            "17-05-2017",
            "2017-13",
            "2017-02-30",
            "99",
            "2017/05/01",
            "20170",
            "3017",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(Lang::Id.number(1234567), "1.234.567");
        assert_eq!(Lang::En.number(1234), "1,234");
        assert_eq!(Lang::En.number(12), "12");
    }

    /// Every message key exists in both languages, and no file defines a key twice.
    #[test]
    fn every_key_exists_in_both_languages() {
        use std::collections::BTreeSet;
        fn keys(lang: &str) -> BTreeSet<String> {
            let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
            let mut all = BTreeSet::new();
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "ftl") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for line in text.lines() {
                        let first = line.chars().next();
                        if first.is_some_and(|c| c.is_ascii_alphabetic())
                            && let Some((k, _)) = line.split_once('=')
                        {
                            let k = k.trim().to_string();
                            assert!(all.insert(k.clone()), "{k} defined twice in {lang}");
                        }
                    }
                }
            }
            all
        }
        let (id, en) = (keys("id"), keys("en"));
        // Every literal key the code and templates look up exists.
        let mut used = BTreeSet::new();
        for dir in ["src", "templates"] {
            let mut stack = vec![std::path::PathBuf::from(format!(
                "{}/{dir}",
                env!("CARGO_MANIFEST_DIR")
            ))];
            while let Some(path) = stack.pop() {
                if path.is_dir() {
                    stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for marker in [".t(\"", ".t_args(\"", "Reason::new(\""] {
                    for (i, _) in text.match_indices(marker) {
                        let rest = &text[i + marker.len()..];
                        let key: String = rest.chars().take_while(|c| *c != '"').collect();
                        if !key.is_empty()
                            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                        {
                            used.insert(key);
                        }
                    }
                }
            }
        }
        assert!(used.len() > 50, "the scan found only {} keys", used.len());
        let missing: Vec<_> = used
            .iter()
            .filter(|k| !en.contains(*k) && *k != "key")
            .collect();
        assert!(missing.is_empty(), "keys used but not defined: {missing:?}");
        assert!(id.len() > 100, "only {} keys", id.len());
        let only_id: Vec<_> = id.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&id).collect();
        assert!(
            only_id.is_empty() && only_en.is_empty(),
            "only in id: {only_id:?}; only in en: {only_en:?}"
        );
    }
}
