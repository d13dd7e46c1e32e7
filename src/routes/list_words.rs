//! The tie list's filters in words, for its heading, `<title>`, table caption and citation: "All
//! ties" without filters, else "Ties — Partner country or territory: Japan; Agreement status:
//! Lapsed", in the page's language, so that a cited or bookmarked list says what it holds.

use std::collections::BTreeMap;

use super::view::country;
use crate::i18n::Lang;

/// The label of a filter and of its value.
fn words(lang: Lang, name: &str, value: &str) -> (String, String) {
    let yes_no = |v: &str| {
        lang.t(if v == "yes" {
            "filter-yes"
        } else {
            "filter-no"
        })
    };
    match name {
        "country" => (lang.t("filter-country"), country(lang, value)),
        "kind" => (lang.t("filter-kind"), lang.vocab("place-kind", value)),
        "field" => (lang.t("filter-field"), lang.vocab("field", value)),
        "type" => (lang.t("filter-type"), lang.vocab("agreement-kind", value)),
        "status" => (
            lang.t("agreement-status"),
            lang.vocab("agreement-status", value),
        ),
        "activity" => (
            lang.t("activity-status"),
            lang.vocab("activity-status", value),
        ),
        "reported" => (
            lang.t("col-reported-status"),
            lang.vocab("reported-status", value),
        ),
        "grade" => (lang.t("grade"), value.to_string()),
        "roadmap" => (lang.t("filter-roadmap"), yes_no(value)),
        "report" => (lang.t("filter-report"), yes_no(value)),
        "ceremonial" => (lang.t("ceremonial"), yes_no(value)),
        "place" => (lang.t("list-place"), value.to_string()),
        "signed_from" => (lang.t("filter-signed-from"), value.to_string()),
        "signed_to" => (lang.t("filter-signed-to"), value.to_string()),
        "q" => (lang.t("list-q"), format!("“{value}”")),
        other => (other.to_string(), value.to_string()),
    }
}

/// "All ties", or "Ties — …" naming every filter in force.
pub fn list_title(lang: Lang, filters: &BTreeMap<&'static str, String>) -> String {
    if filters.is_empty() {
        return lang.t("ties-title");
    }
    let parts: Vec<String> = filters
        .iter()
        .map(|(k, v)| {
            let (label, value) = words(lang, k, v);
            format!("{label}: {value}")
        })
        .collect();
    lang.t_args("list-title-filtered", &[("filters", parts.join("; "))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_in_words() {
        let none = BTreeMap::new();
        assert_eq!(list_title(Lang::En, &none), "All ties");
        let mut f = BTreeMap::new();
        f.insert("country", "JP".to_string());
        f.insert("status", "lapsed".to_string());
        let en = list_title(Lang::En, &f);
        assert!(
            en.contains("Japan") && en.contains("Agreement status"),
            "{en}"
        );
        let id = list_title(Lang::Id, &f);
        assert!(id.contains("Jepang"), "{id}");
        assert!(!id.contains("Agreement"), "{id}");
    }
}
