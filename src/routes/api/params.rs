//! The API's query parameters: one paging rule for every list (integer `page` and `per_page`, the
//! same limits everywhere), the tie filters documented from the vocabularies the filter parser
//! itself checks against (so the OpenAPI document cannot drift from the code), and the refusal
//! of parameters a list does not know.

use serde::Deserialize;
use utoipa::IntoParams;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};

use crate::assessment::{ActivityStatus, AgreementStatus, GRADES};
use crate::models::{agreement, place, tie};
use crate::publishing::Kind;
use crate::tie_query::SORTS;

/// The highest page number accepted.
pub const MAX_PAGE: u32 = 100_000;
/// The largest page a list gives.
pub const MAX_PER_PAGE: u32 = 500;
/// The page size when none is asked for.
pub const DEFAULT_PER_PAGE: u32 = 100;

/// Paging of every API list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Page, from 1 (default 1).
    #[param(minimum = 1, maximum = 100000, example = 1)]
    pub page: Option<u32>,
    /// Records per page, 1–500 (default 100).
    #[param(minimum = 1, maximum = 500, example = 100)]
    pub per_page: Option<u32>,
}

/// A parameter that is not valid: its name and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadParam {
    pub names: Vec<String>,
    pub detail: String,
}

/// The query's pairs, values trimmed (an empty filter means "any"; an empty page number is refused).
pub fn pairs(query: &str) -> Result<Vec<(String, String)>, BadParam> {
    let pairs = crate::text::decode_pairs(query).ok_or_else(|| BadParam {
        names: vec![],
        detail: "The query string is not valid (name=value&…).".into(),
    })?;
    Ok(pairs
        .into_iter()
        .map(|(k, v)| (k, v.trim().to_string()))
        .collect())
}

/// Refuses every parameter not in `known`, naming them all.
pub fn only_known(pairs: &[(String, String)], known: &[&str]) -> Result<(), BadParam> {
    let mut unknown: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .map(|(k, _)| k.clone())
        .collect();
    unknown.sort();
    unknown.dedup();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(BadParam {
        detail: format!(
            "Unknown parameter{}: {}. This list takes: {}.",
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", "),
            known.join(", ")
        ),
        names: unknown,
    })
}

impl Paging {
    /// Page and page size from the query's pairs, within the one set of limits.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<(usize, usize), BadParam> {
        let get = |name: &str, default: u32, max: u32| -> Result<usize, BadParam> {
            match pairs.iter().find(|(k, _)| k == name) {
                None => Ok(default as usize),
                Some((_, v)) => match v.parse::<u32>() {
                    Ok(n) if (1..=max).contains(&n) => Ok(n as usize),
                    _ => Err(BadParam {
                        names: vec![name.to_string()],
                        detail: format!("'{name}' must be a whole number from 1 to {max}."),
                    }),
                },
            }
        };
        Ok((
            get("page", 1, MAX_PAGE)?,
            get("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?,
        ))
    }
}

/// The parameters of the places and reports lists.
pub const PAGING_PARAMS: [&str; 2] = ["page", "per_page"];

/// The tie list's filter parameters with their descriptions (the values come from the vocabularies).
const TIE_FILTERS: [(&str, &str); 16] = [
    ("place", "Place slug (either side), e.g. bandung"),
    ("country", "Partner's ISO 3166-1 alpha-2 code, e.g. JP"),
    ("kind", "Kind of the Indonesian place"),
    ("field", "Field of cooperation tag, e.g. education"),
    ("type", "Agreement type on record"),
    (
        "signed_from",
        "Ties whose first agreement on record was signed in this year or later (a start reported by sources without an agreement on record does not count)",
    ),
    ("signed_to", "… until this year"),
    ("reported", "Latest reported status"),
    ("status", "Derived agreement status (methodology v2)"),
    ("activity", "Derived activity status"),
    ("grade", "Transparency grade"),
    ("roadmap", "yes or no: a roadmap is published"),
    ("report", "yes or no: an evaluation report is published"),
    ("ceremonial", "yes or no: flagged ceremonial"),
    (
        "q",
        "Free text (case and accents folded); a NUL character is refused with 400",
    ),
    ("sort", "Sort key; prefix - for descending (default place)"),
];

/// Every parameter the API's tie list takes.
pub fn tie_params() -> Vec<&'static str> {
    TIE_FILTERS
        .iter()
        .map(|(n, _)| *n)
        .chain(PAGING_PARAMS)
        .collect()
}

/// The parameters an API list knows, by path; `None` for paths that are not lists.
pub fn known(path: &str) -> Option<Vec<&'static str>> {
    match path {
        "/api/v1/places" | "/api/v1/reports" | "/api/v1/sources" => Some(PAGING_PARAMS.to_vec()),
        "/api/v1/ties" => Some(tie_params()),
        "/api/v1/revisions" => Some(REVISION_PARAMS.to_vec()),
        _ if path.starts_with("/api/v1/revisions/")
            || (path.starts_with("/api/v1/ties/") && path.ends_with("/revisions")) =>
        {
            Some(PAGING_PARAMS.to_vec())
        }
        _ if path.starts_with("/api/") => Some(vec![]),
        _ => None,
    }
}

/// The parameters of the revisions list.
pub const REVISION_PARAMS: [&str; 3] = ["subject_kind", "page", "per_page"];

/// The kinds of record whose public changes the revisions lists show (`subject_kind`): a tie
/// itself and the records of a tie, by the names revisions give them.
pub fn subject_kinds() -> Vec<&'static str> {
    std::iter::once("tie")
        .chain(Kind::ALL.iter().map(|k| k.subject()))
        .collect()
}

/// A kind of record by its name in revisions, or why it is not one.
pub fn subject_kind(name: &str) -> Result<&'static str, BadParam> {
    let kinds = subject_kinds();
    kinds
        .iter()
        .find(|k| **k == name)
        .copied()
        .ok_or_else(|| BadParam {
            names: vec!["subject_kind".into()],
            detail: format!("'subject_kind' must be one of: {}.", kinds.join(", ")),
        })
}

/// The schema of `subject_kind`: one of [`subject_kinds`].
fn subject_kind_schema(or_empty: bool) -> ObjectBuilder {
    let empty = or_empty.then_some("");
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(empty.into_iter().chain(subject_kinds())))
}

fn parameter(
    name: &str,
    place: ParameterIn,
    description: &str,
    schema: ObjectBuilder,
    example: serde_json::Value,
) -> Parameter {
    let required = if place == ParameterIn::Path {
        utoipa::openapi::Required::True
    } else {
        utoipa::openapi::Required::False
    };
    ParameterBuilder::new()
        .name(name)
        .parameter_in(place)
        .required(required)
        .description(Some(description))
        .schema(Some(schema.build()))
        .example(Some(example))
        .build()
}

/// The revisions list's filter (paging is [`Paging`]): a kind of record, empty for any.
pub struct RevisionFilters;

impl RevisionFilters {
    /// The kind from the query's pairs (an empty value means any).
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Option<&'static str>, BadParam> {
        match pairs.iter().find(|(k, _)| k == "subject_kind") {
            Some((_, v)) if !v.is_empty() => subject_kind(v).map(Some),
            _ => Ok(None),
        }
    }
}

impl IntoParams for RevisionFilters {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![parameter(
            "subject_kind",
            ParameterIn::Query,
            "Only changes of this kind of record (a tie's reported statuses come with its import, as the tie's changes)",
            subject_kind_schema(true),
            serde_json::json!("agreement"),
        )]
    }
}

/// The record whose public changes `/api/v1/revisions/{subject_kind}/{subject_id}` lists: the
/// `subject_kind` and `subject_id` every revision names.
pub struct RecordPath;

impl RecordPath {
    /// The kind and the id from the path; an id must be a whole number from 1.
    pub fn parse(kind: &str, id: &str) -> Result<(&'static str, i32), BadParam> {
        let kind = subject_kind(kind)?;
        match id.parse::<i32>() {
            Ok(n) if n >= 1 => Ok((kind, n)),
            _ => Err(BadParam {
                names: vec!["subject_id".into()],
                detail: "'subject_id' must be a whole number from 1.".into(),
            }),
        }
    }
}

impl IntoParams for RecordPath {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let id = ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
                utoipa::openapi::schema::KnownFormat::Int32,
            )))
            .minimum(Some(1));
        vec![
            parameter(
                "subject_kind",
                ParameterIn::Path,
                "The kind of record, as revisions name it",
                subject_kind_schema(false),
                serde_json::json!("tie"),
            ),
            parameter(
                "subject_id",
                ParameterIn::Path,
                "The record's id, as revisions name it",
                id,
                serde_json::json!(1),
            ),
        ]
    }
}

/// The allowed values of a filter, from the same constants the parser checks against.
fn values(name: &str) -> Option<Vec<String>> {
    let strs = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    Some(match name {
        "kind" => strs(&place::KINDS),
        "type" => strs(&agreement::KINDS),
        "reported" => strs(&tie::REPORTED_STATUSES),
        "status" => AgreementStatus::ALL
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        "activity" => ActivityStatus::ALL
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        "grade" => GRADES.iter().map(|g| g.to_string()).collect(),
        "roadmap" | "report" | "ceremonial" => strs(&["yes", "no"]),
        "sort" => SORTS
            .iter()
            .flat_map(|s| [s.to_string(), format!("-{s}")])
            .collect(),
        _ => return None,
    })
}

/// The tie list's filters (paging is [`Paging`]).
pub struct TieFilters;

impl IntoParams for TieFilters {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        TIE_FILTERS
            .iter()
            .map(|(name, description)| {
                // An empty value means "any" (the list page's form sends every field).
                let schema = match (*name, values(name)) {
                    (_, Some(allowed)) => ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(std::iter::once(String::new()).chain(allowed))),
                    ("signed_from" | "signed_to", None) => ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some("^(|1[89][0-9]{2}|2[01][0-9]{2}|2200)$")),
                    ("country", None) => ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some("^([A-Za-z]{2})?$")),
                    ("q", None) => ObjectBuilder::new()
                        .schema_type(Type::String)
                        .max_length(Some(200))
                        .pattern(Some("^[^\\x00]*$")),
                    _ => ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some("^[a-z0-9-]{0,80}$")),
                };
                let example = match *name {
                    "place" => Some(serde_json::json!("bandung")),
                    "country" => Some(serde_json::json!("JP")),
                    "field" => Some(serde_json::json!("education")),
                    _ => None,
                };
                ParameterBuilder::new()
                    .name(*name)
                    .parameter_in(ParameterIn::Query)
                    .description(Some(*description))
                    .schema(Some(schema.build()))
                    .example(example)
                    .build()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tie_query::TieQuery;

    #[test]
    fn documented_filters_are_the_parsers() {
        // Every documented value is accepted and every documented name is one the parser checks:
        // a bad value for it is refused under that name.
        for (name, _) in TIE_FILTERS {
            if let Some(allowed) = values(name) {
                for v in allowed {
                    assert!(
                        TieQuery::parse(&format!("{name}={v}")).is_ok(),
                        "{name}={v}"
                    );
                }
            }
            if name != "q" {
                let err = TieQuery::parse(&format!("{name}=%21%21")).unwrap_err();
                assert_eq!(err.name, name);
            }
        }
        // And the parser knows no filter the document leaves out.
        let full = TieQuery::parse(
            "place=a&country=JP&kind=city&field=b&type=mou&signed_from=1990&signed_to=2000&reported=active&status=lapsed&activity=silent&grade=A&roadmap=yes&report=no&ceremonial=yes&q=x",
        )
        .unwrap();
        let documented = tie_params();
        for k in full.filters().keys() {
            assert!(documented.contains(k), "{k} is not documented");
        }
    }

    #[test]
    fn paging_and_unknown_parameters() {
        let p = |q: &str| Paging::from_pairs(&pairs(q).unwrap());
        assert_eq!(p(""), Ok((1, 100)));
        assert_eq!(p("per_page=500"), Ok((1, 500)));
        assert_eq!(p("page=&per_page=500").unwrap_err().names, vec!["page"]);
        assert_eq!(p("per_page=501").unwrap_err().names, vec!["per_page"]);
        assert_eq!(p("page=0").unwrap_err().names, vec!["page"]);
        assert_eq!(p("page=x").unwrap_err().names, vec!["page"]);
        let err = only_known(&pairs("country=JP&b=1&page=2").unwrap(), &PAGING_PARAMS).unwrap_err();
        assert_eq!(err.names, vec!["b", "country"]);
        assert!(err.detail.contains("country"));
        assert!(only_known(&pairs("page=2&per_page=").unwrap(), &PAGING_PARAMS).is_ok());
    }

    #[test]
    fn revision_filters() {
        let f = |q: &str| RevisionFilters::from_pairs(&pairs(q).unwrap());
        assert_eq!(f(""), Ok(None));
        assert_eq!(f("subject_kind="), Ok(None));
        assert_eq!(f("subject_kind=procedure_step"), Ok(Some("procedure_step")));
        for q in ["subject_kind=user", "subject_kind=place"] {
            assert_eq!(f(q).unwrap_err().names, vec!["subject_kind"], "{q}");
        }
        assert_eq!(RecordPath::parse("agreement", "7"), Ok(("agreement", 7)));
        for (kind, id, name) in [
            ("users", "1", "subject_kind"),
            ("tie", "0", "subject_id"),
            ("tie", "x", "subject_id"),
            ("tie", "", "subject_id"),
            ("tie", "99999999999", "subject_id"),
        ] {
            let err = RecordPath::parse(kind, id).unwrap_err();
            assert_eq!(err.names, vec![name], "{kind}/{id}");
        }
    }
}
