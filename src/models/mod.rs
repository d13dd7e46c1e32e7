//! The nouns of the data model (ARCHITECTURE.md), one module each; every module owns the queries about its noun.

pub mod activity;
pub mod agreement;
pub mod audit;
pub mod dashboard;
pub mod place;
pub mod procedure;
pub mod region;
pub mod report;
pub mod revision;
pub mod roadmap;
pub mod session;
pub mod source;
pub mod submission;
pub mod suggestion;
pub mod tie;
pub mod user;
pub mod vocabulary;

pub use crate::db::AnyConnection as Conn;

/// Defines `recent_published(conn, tie_ids, limit)` for a table of a tie's records: the published
/// rows (of some ties, or all) as `(id, tie_id, title, updated_at)`, newest first, for feeds.
macro_rules! recent_published {
    ($table:ident, $title:ident) => {
        pub fn recent_published(
            conn: &mut super::Conn,
            tie_ids: Option<&[i32]>,
            limit: i64,
        ) -> diesel::QueryResult<Vec<(i32, i32, String, chrono::NaiveDateTime)>> {
            use crate::schema::$table;
            use diesel::prelude::*;
            let mut query = $table::table
                .filter($table::published_at.is_not_null())
                .select((
                    $table::id,
                    $table::tie_id,
                    $table::$title,
                    $table::updated_at,
                ))
                .order($table::updated_at.desc())
                .limit(limit)
                .into_boxed();
            if let Some(ids) = tie_ids {
                query = query.filter($table::tie_id.eq_any(ids.to_vec()));
            }
            query.load(conn)
        }
    };
}
pub(crate) use recent_published;

/// Whether a character is a control or format character (Unicode Cc or Cf: bidi embeddings and
/// overrides, isolates, zero-width characters, the soft hyphen, tags…), which a shown name must
/// not hold: `invoice\u{202e}gpj.exe` would read as "invoiceexe.jpg".
pub fn is_control_or_format(c: char) -> bool {
    c.is_control() || is_format(c)
}

/// Whether a character is a format character (Unicode Cf).
pub fn is_format(c: char) -> bool {
    matches!(
            c as u32,
            0x00AD
                | 0x0600..=0x0605
                | 0x061C
                | 0x06DD
                | 0x070F
                | 0x0890..=0x0891
                | 0x08E2
                | 0x180E
                | 0x200B..=0x200F
                | 0x202A..=0x202E
                | 0x2060..=0x2064
                | 0x2066..=0x206F
                | 0xFEFF
                | 0xFFF9..=0xFFFB
                | 0x110BD
                | 0x110CD
                | 0x13430..=0x1343F
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0001
            | 0xE0020..=0xE007F
    )
}

/// A name as it may be shown: control and format characters removed (see `is_control_or_format`).
pub fn visible_name(s: &str) -> String {
    s.chars().filter(|c| !is_control_or_format(*c)).collect()
}

/// A text without format characters (Unicode Cf); control characters are left to the caller
/// (an account name keeps a tab, which CSV exports neutralise).
pub fn without_format(s: &str) -> String {
    s.chars().filter(|c| !is_format(*c)).collect()
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn bidi_and_format_characters_are_removed() {
        assert_eq!(visible_name("invoice-\u{202e}gpj.exe"), "invoice-gpj.exe");
        assert_eq!(
            visible_name("a\u{200b}b\u{2066}c\u{2069}d\u{feff}e\u{00ad}f\u{e0041}"),
            "abcdef"
        );
        assert_eq!(
            visible_name("Kota Bogor — 東京 عربي"),
            "Kota Bogor — 東京 عربي"
        );
    }
}
