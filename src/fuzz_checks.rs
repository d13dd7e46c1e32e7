//! What the fuzz targets (fuzz/) and their corpora, replayed as ordinary tests, check: the
//! Markdown path never lets active content through and is stable, and the CSV import either
//! accepts a file or names the line it refuses, without panicking.

use crate::markdown::{sanitize, to_safe_html};

/// Elements the sanitised HTML may contain (ammonia's default list, which holds nothing active).
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "area",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "map",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
    "input",
    "section",
];

/// Attributes whose value is a URL.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite", "longdesc", "action", "formaction"];

/// Why `html` (the sanitiser's output) could run something or load something active, if it could.
pub fn active_content(html: &str) -> Option<String> {
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start + 1..];
        let end = match rest.find('>') {
            Some(e) => start + 1 + e,
            None => return Some(format!("an unclosed tag at byte {start}")),
        };
        i = end + 1;
        let inner = &html[start + 1..end];
        if inner.starts_with('/') {
            continue;
        }
        if inner.starts_with('!') || inner.starts_with('?') {
            return Some(format!("a comment or declaration: <{inner}>"));
        }
        let name_end = inner
            .find(|c: char| c.is_ascii_whitespace() || c == '/')
            .unwrap_or(inner.len());
        let name = inner[..name_end].to_ascii_lowercase();
        if !ALLOWED_TAGS.contains(&name.as_str()) {
            return Some(format!("the element <{name}>"));
        }
        for (attr, value) in attributes(&inner[name_end..]) {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on")
                || matches!(attr.as_str(), "style" | "srcdoc" | "srcset" | "xmlns")
                || attr.contains(':')
            {
                return Some(format!("the attribute {attr} on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) && !safe_url(&value) {
                return Some(format!("the URL {value:?} in {attr} on <{name}>"));
            }
        }
    }
    None
}

/// `name="value"` pairs of a serialised start tag (values unescaped for &amp;, &quot;, &#..;).
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches('/').trim();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_ascii_whitespace() || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            if let Some(r) = r.strip_prefix('"') {
                let close = r.find('"').unwrap_or(r.len());
                value = r[..close].to_string();
                rest = r.get(close + 1..).unwrap_or("");
            } else {
                let close = r.find(|c: char| c.is_ascii_whitespace()).unwrap_or(r.len());
                value = r[..close].to_string();
                rest = &r[close..];
            }
        }
        if !name.is_empty() {
            out.push((name, unescape(&value)));
        }
        rest = rest.trim_start().trim_start_matches('/').trim_start();
    }
    out
}

fn unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|s| *s <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            "colon" => Some(':'),
            _ => {
                let n = if let Some(hex) = entity.strip_prefix("#x").or(entity.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    entity.strip_prefix('#').and_then(|d| d.parse().ok())
                };
                n.and_then(char::from_u32)
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A URL a browser will not run: http, https, mailto, or relative without a scheme.
fn safe_url(url: &str) -> bool {
    // As the URL standard reads an attribute: leading and trailing C0 controls and spaces go,
    // tabs and line breaks go everywhere; anything else stays (and makes an invalid scheme).
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &cleaned[..colon];
            // Only a letter followed by letters, digits, + - . makes a scheme (otherwise the colon
            // is part of a relative path, query or fragment).
            let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
            !is_scheme || matches!(scheme, "http" | "https" | "mailto")
        }
    }
}

/// The Markdown fuzz target: render, then check the invariants; panics with the reason.
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = to_safe_html(text);
    if let Some(why) = active_content(&html) {
        panic!("active content in the rendering of {text:?}: {why}\n{html}");
    }
    let again = sanitize(&html);
    assert_eq!(
        again, html,
        "sanitising twice changed the output of {text:?}"
    );
}

/// The CSV import fuzz target: the input split in two at the first NUL byte (places.csv, then
/// ties.csv); the parse either accepts both or names a line within the file it refuses.
pub fn csv_import(data: &[u8]) {
    let (places, ties) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &data[..0]),
    };
    let (Ok(places), Ok(ties)) = (std::str::from_utf8(places), std::str::from_utf8(ties)) else {
        return;
    };
    match crate::import::validate(places, ties) {
        Ok(_) => {}
        Err(e) => {
            assert!(!e.reason.is_empty(), "an error without a reason");
            let text = if e.file == "places.csv" { places } else { ties };
            let lines = text.lines().count() as u64 + 1;
            assert!(
                e.line <= lines,
                "{}: line {} of a {lines}-line file",
                e.file,
                e.line
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checker_sees_active_content() {
        for (html, bad) in [
            ("<p>hi</p>", false),
            ("<a href=\"https://x.org\" rel=\"noopener\">x</a>", false),
            ("<a href=\"/id/ties\">x</a>", false),
            ("<a href=\"javascript:alert(1)\">x</a>", true),
            ("<a href=\"JaVa&#x09;script:alert(1)\">x</a>", true),
            ("<img src=\"x\" onerror=\"alert(1)\">", true),
            ("<script>alert(1)</script>", true),
            ("<svg></svg>", true),
            ("<p style=\"color:red\">x</p>", true),
            ("<img src=\"data:image/svg+xml,x\">", true),
            ("<a href=\"?q=a:b\">x</a>", false),
            ("<a href=\"\u{1}java\nscript:alert(1)\">x</a>", true),
            // A control character inside the would-be scheme makes it a relative URL.
            ("<a href=\"jav\u{6}ascript:alert(1)\">x</a>", false),
        ] {
            assert_eq!(active_content(html).is_some(), bad, "{html}");
        }
    }
}
