//! The stylesheet as served: static/style.css and, made at start from the locale files, the column names the tie tables' stacked phone layout shows before each cell.

use std::fmt::Write;

use crate::i18n::Lang;

/// The hand-written stylesheet.
const STYLE_CSS: &str = include_str!("../../static/style.css");

/// The tie table's columns in order, by the locale key of their name (`tie_table` in
/// templates/macros.html writes its header from this list and its cells in this order;
/// static/style.css styles the fields and the grade by their place from the end).
const TIE_COLUMNS: [&str; 8] = [
    "col-indonesian-place",
    "col-partner",
    "col-country",
    "col-first-agreement",
    "col-fields",
    "col-derived-status",
    "grade",
    "col-reported-status",
];

/// The columns of a tie table: all of them in the tie list, all but the Indonesian place on a
/// place's page.
pub fn tie_columns(from_place: bool) -> &'static [&'static str] {
    if from_place {
        &TIE_COLUMNS[1..]
    } else {
        &TIE_COLUMNS
    }
}

/// The class that tells the two tie tables apart (their columns differ).
pub fn tie_table_class(from_place: bool) -> &'static str {
    if from_place {
        "ties-of-place"
    } else {
        "ties-in-list"
    }
}

/// A text as a CSS string literal (quotes, backslashes and control characters escaped).
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\{:x} ", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The stylesheet served at `/static/style.css`: the hand-written one, then for each language
/// (`<html lang>`) and each tie table the rules that put a column's name before its cells on
/// narrow screens. The cells carry no label of their own, which keeps a long list small.
pub fn build() -> String {
    let mut css = String::from(STYLE_CSS);
    css.push_str(
        "\n/* Made at start from locales/: each tie table cell's column name in the stacked layout. */\n\
         @media (max-width: 40rem) {\n",
    );
    for lang in Lang::ALL {
        for from_place in [false, true] {
            let class = tie_table_class(from_place);
            for (i, key) in tie_columns(from_place).iter().enumerate() {
                let label = css_string(&format!("{}: ", lang.t(key)));
                let _ = writeln!(
                    css,
                    "  html[lang=\"{}\"] table.{class} td:nth-child({})::before {{ content: {label}; }}",
                    lang.code(),
                    i + 1,
                );
            }
        }
    }
    css.push_str("}\n");
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_finds_fields_and_grade_from_the_end() {
        for from_place in [false, true] {
            let columns = tie_columns(from_place);
            assert_eq!(columns[columns.len() - 4], "col-fields");
            assert_eq!(columns[columns.len() - 2], "grade");
        }
        assert!(STYLE_CSS.contains("table.ties td:nth-last-child(4) {"));
        assert!(STYLE_CSS.contains("table.ties td:nth-last-child(2) {"));
    }

    #[test]
    fn labels_are_escaped() {
        assert_eq!(css_string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\a d\"");
    }

    #[test]
    fn every_column_is_labelled_in_both_languages() {
        let css = build();
        assert!(css.contains(
            "html[lang=\"id\"] table.ties-in-list td:nth-child(2)::before { content: \"Mitra: \"; }"
        ));
        assert!(css.contains(
            "html[lang=\"en\"] table.ties-of-place td:nth-child(1)::before { content: \"Partner: \"; }"
        ));
        assert!(!css.contains("table.ties-of-place td:nth-child(8)"));
    }
}
