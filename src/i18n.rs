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
        customise: |bundle| {
            bundle.set_use_isolating(false);
            // Numbers inside messages are written the way the bundle's language writes them.
            if bundle.locales.first().is_some_and(|l| l.language.as_str() == "id") {
                bundle.set_formatter(Some(format_number_id));
            } else {
                bundle.set_formatter(Some(format_number_en));
            }
        },
    };
}

/// Fluent's formatter for Indonesian: `1.234,5`.
fn format_number_id<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(write_number(Lang::Id, n.value, fraction_digits(n))),
        _ => None,
    }
}

/// Fluent's formatter for English: `1,234.5`.
fn format_number_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(write_number(Lang::En, n.value, fraction_digits(n))),
        _ => None,
    }
}

fn fraction_digits(n: &fluent_templates::fluent_bundle::types::FluentNumber) -> usize {
    n.options
        .maximum_fraction_digits
        .or(n.options.minimum_fraction_digits)
        .unwrap_or(0)
}

/// A number with `digits` decimals, digits grouped by thousands, in the language's separators.
fn write_number(lang: Lang, x: f64, digits: usize) -> String {
    let (group, point) = match lang {
        Lang::Id => ('.', ','),
        Lang::En => (',', '.'),
    };
    let fixed = format!("{:.*}", digits, x.abs());
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let mut out = String::new();
    if x < 0.0 && fixed.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// An argument of a message: text as it is, or a number that selects the plural form
/// (`[one]`/`*[other]` in English; Indonesian has the single category `other`) and is written
/// the language's way.
#[derive(Clone, Debug)]
pub enum Value {
    Text(String),
    /// A whole number (`1.234`).
    Int(i64),
    /// A decimal with a fixed number of fraction digits (`7,25`).
    Decimal(f64, usize),
}

impl Value {
    fn fluent(&self) -> FluentValue<'static> {
        use fluent_templates::fluent_bundle::types::{FluentNumber, FluentNumberOptions};
        match self {
            Value::Text(s) => FluentValue::from(s.clone()),
            Value::Int(n) => FluentValue::from(*n),
            Value::Decimal(x, digits) => FluentValue::Number(FluentNumber::new(
                *x,
                FluentNumberOptions {
                    minimum_fraction_digits: Some(*digits),
                    maximum_fraction_digits: Some(*digits),
                    ..Default::default()
                },
            )),
        }
    }
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

    /// The message `key` with arguments that may be numbers (plural forms, number format); the
    /// arguments' names are usually `&'static str` (a stored reason's are owned).
    pub fn t_values<N>(self, key: &str, args: &[(N, Value)]) -> String
    where
        N: Clone + Into<Cow<'static, str>>,
    {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (k.clone().into(), v.fluent()))
            .collect();
        LOCALES.lookup_with_args(&self.langid(), key, &map)
    }

    /// The message `key` about `$count` things, in the plural form the number calls for.
    pub fn t_count(self, key: &str, count: i64) -> String {
        self.t_values(key, &[("count", Value::Int(count))])
    }

    /// A vocabulary label such as `field-education`, falling back to the raw tag.
    pub fn vocab(self, prefix: &str, tag: &str) -> String {
        self.try_t(&format!("{prefix}-{tag}"))
            .unwrap_or_else(|| tag.to_string())
    }

    /// A whole number written the way the language writes it (`1.234` / `1,234`).
    pub fn number(self, n: i64) -> String {
        write_number(self, n as f64, 0)
    }

    /// A decimal written the way the language writes it (`7,25` / `7.25`).
    pub fn decimal(self, x: f64, digits: usize) -> String {
        write_number(self, x, digits)
    }

    /// An amount of money: `Rp1.500.000` in Indonesian, `IDR 1,500,000` in English; other
    /// currencies as `EUR 1.500,50` / `EUR 1,500.50`.
    pub fn money(self, amount: f64, currency: &str) -> String {
        let digits = if amount.fract().abs() < 1e-9 { 0 } else { 2 };
        let n = write_number(self, amount, digits);
        match (self, currency) {
            (Lang::Id, "IDR") => format!("Rp{n}"),
            _ => format!("{currency} {n}"),
        }
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
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
        assert_eq!(Lang::Id.decimal(7.25, 2), "7,25");
        assert_eq!(Lang::En.decimal(-7.25, 2), "-7.25");
        assert_eq!(Lang::Id.decimal(1234.5, 1), "1.234,5");
        assert_eq!(Lang::Id.money(1_500_000.0, "IDR"), "Rp1.500.000");
        assert_eq!(Lang::En.money(1_500_000.0, "IDR"), "IDR 1,500,000");
        assert_eq!(Lang::Id.money(20.5, "EUR"), "EUR 20,50");
    }

    /// Counts take the language's plural form and numbers its separators, inside messages too.
    #[test]
    fn plural_forms_and_numbers_in_messages() {
        let starts = |lang: Lang, n: i64, start: &str| {
            let text = lang.t_count("timeline-desc", n);
            assert!(text.starts_with(start), "{text}");
        };
        starts(Lang::En, 1, "1 dated event of");
        starts(Lang::En, 2, "2 dated events of");
        starts(Lang::En, 1234, "1,234 dated events of");
        starts(Lang::Id, 1, "1 peristiwa bertanggal dari");
        starts(Lang::Id, 1234, "1.234 peristiwa bertanggal dari");
        assert_eq!(Lang::En.t_count("count-ties", 1), "tie");
        assert_eq!(Lang::En.t_count("count-ties", 3), "ties");
        assert_eq!(
            Lang::Id.t_values(
                "coordinate",
                &[
                    ("value", Value::Decimal(7.25, 2)),
                    ("hemisphere", Value::Text("LS".into()))
                ]
            ),
            "7,25° LS"
        );
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
                for marker in [
                    ".t(\"",
                    ".t_args(\"",
                    ".t_count(\"",
                    ".t_values(\"",
                    "Reason::new(\"",
                ] {
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
