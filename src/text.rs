//! Small text helpers shared by the domain and the web layer (decoding `name=value&…` text).
//!
//! Folding for search lives with the tie-list query (`tie_query::fold`), hashing with the
//! accounts (`auth::sha256_hex`).

/// Decode URL-encoded `name=value&…` text (a form body or a query string) strictly: text that is
/// not UTF-8 once percent-decoded, or that holds a NUL, is refused rather than replaced with U+FFFD
/// (and then stored, or sent to a database that rejects NULs).
pub fn decode_pairs(text: &str) -> Option<Vec<(String, String)>> {
    text.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            Some((decode_component(k)?, decode_component(v)?))
        })
        .collect()
}

fn decode_component(s: &str) -> Option<String> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|b| hex(*b)),
            bytes.get(i + 2).and_then(|b| hex(*b)),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(hi << 4 | lo);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok().filter(|s| !s.contains('\0'))
}
