//! Markdown to safe HTML: pulldown-cmark renders, ammonia removes raw HTML, scripts and unsafe
//! URLs. Rendering happens once, when a record is saved (and for a preview); pages, feeds and the
//! API show the stored HTML. Input is checked first (`check`): too long or nested too deep is
//! refused before anything is rendered, since nesting makes rendering slow (quadratic or worse).

use std::sync::atomic::{AtomicU64, Ordering};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// The most characters a Markdown body may have.
pub const MAX_CHARS: usize = 100_000;
/// The deepest nesting of block quotes, lists and emphasis (strong, struck) accepted, together.
pub const MAX_NESTING: usize = 8;
/// The deepest nesting of raw HTML elements accepted (they are sanitised, not rendered away).
pub const MAX_HTML_NESTING: usize = 16;

static RENDERS: AtomicU64 = AtomicU64::new(0);

/// How many times `to_safe_html` has run in this process (tests show reads never render).
pub fn render_count() -> u64 {
    RENDERS.load(Ordering::SeqCst)
}

/// Why a Markdown body was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    TooLong,
    TooDeep,
}

impl Refusal {
    /// The message key (locales/*/account.ftl); `too-deep` takes `$max`.
    pub fn message_key(self) -> &'static str {
        match self {
            Refusal::TooLong => "error-too-long",
            Refusal::TooDeep => "error-markdown-too-deep",
        }
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// Whether a body may be rendered: at most `MAX_CHARS` characters and `MAX_NESTING` levels. Linear
/// in the input: a quick look at each line's quote and list markers first (which refuses the
/// pathological inputs at once), then one pass of the parser's events, without rendering.
pub fn check(markdown: &str) -> Result<(), Refusal> {
    if markdown.len() > MAX_CHARS * 4 || markdown.chars().count() > MAX_CHARS {
        return Err(Refusal::TooLong);
    }
    if markdown.lines().any(|l| line_prefix_depth(l) > MAX_NESTING) {
        return Err(Refusal::TooDeep);
    }
    let mut depth = 0usize;
    let mut html_depth = 0usize;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(tag) if counts(&tag) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Refusal::TooDeep);
                }
            }
            Event::End(end) if counts_end(&end) => depth = depth.saturating_sub(1),
            Event::Html(raw) | Event::InlineHtml(raw) => {
                html_depth = raw_html_depth(&raw, html_depth);
                if html_depth > MAX_HTML_NESTING {
                    return Err(Refusal::TooDeep);
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn counts(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_) | Tag::List(_) | Tag::Emphasis | Tag::Strong | Tag::Strikethrough
    )
}

fn counts_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
    )
}

/// The quote markers (`>`) and list markers (`-`, `*`, `+`, `1.`, `1)`) that open a line.
fn line_prefix_depth(line: &str) -> usize {
    let b = line.as_bytes();
    let (mut i, mut depth) = (0, 0);
    loop {
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        if i >= b.len() {
            return depth;
        }
        let blank_or_space = |j: usize| j >= b.len() || b[j] == b' ' || b[j] == b'\t';
        if b[i] == b'>' || (matches!(b[i], b'-' | b'*' | b'+') && blank_or_space(i + 1)) {
            i += 1;
        } else if b[i].is_ascii_digit() {
            let mut j = i;
            while j < b.len() && j - i < 9 && b[j].is_ascii_digit() {
                j += 1;
            }
            if j < b.len() && matches!(b[j], b'.' | b')') && blank_or_space(j + 1) {
                i = j + 1;
            } else {
                return depth;
            }
        } else {
            return depth;
        }
        depth += 1;
        if depth > MAX_NESTING {
            return depth;
        }
    }
}

/// Elements that never hold others, so never add to the nesting.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The nesting of raw HTML after `raw`, from `depth` before it: opening tags (but void and
/// self-closing ones) go one deeper, closing tags one shallower.
fn raw_html_depth(raw: &str, mut depth: usize) -> usize {
    let b = raw.as_bytes();
    let mut i = 0;
    while let Some(at) = b[i..].iter().position(|c| *c == b'<') {
        i += at + 1;
        if b.get(i) == Some(&b'/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name: String = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase() as char)
            .collect();
        if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() {
            continue;
        }
        let end = b[i..].iter().position(|c| *c == b'>').map(|e| i + e);
        let self_closing = end.is_some_and(|e| e > 0 && b[e - 1] == b'/');
        if !self_closing && !VOID.contains(&name.as_str()) {
            depth += 1;
        }
    }
    depth
}

/// Whether a URL leaves this site (an image there would be fetched from elsewhere).
fn is_external(url: &str) -> bool {
    let local = (url.starts_with('/') && !url.starts_with("//")) || url.starts_with('#');
    !local
}

/// Render Markdown to HTML that is safe to put on a page. External images become links to the
/// image. Callers check the input with `check` first and run this off the async workers.
pub fn to_safe_html(markdown: &str) -> String {
    RENDERS.fetch_add(1, Ordering::SeqCst);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    let mut in_external_image = Vec::new();
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let external = is_external(&dest_url);
            in_external_image.push(external);
            if external {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            } else {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
        }
        Event::End(TagEnd::Image) => {
            if in_external_image.pop().unwrap_or(false) {
                Event::End(TagEnd::Link)
            } else {
                Event::End(TagEnd::Image)
            }
        }
        other => other,
    });
    html::push_html(&mut raw, events);
    sanitize(&raw)
}

fn local_images_only<'u>(
    element: &str,
    attribute: &str,
    value: &'u str,
) -> Option<std::borrow::Cow<'u, str>> {
    if element == "img" && attribute == "src" && is_external(value.trim()) {
        None
    } else {
        Some(value.into())
    }
}

/// Keep only harmless elements and attributes; links get `rel="noopener noreferrer nofollow"`.
///
/// The result is a fixed point: sanitising it again changes nothing. One pass is not always one:
/// removing an element keeps its children, which can leave markup that parses differently next
/// time (a `<p>` that a removed `<button>` held inside another `<p>`; found by the fuzzer).
pub fn sanitize(html: &str) -> String {
    let cleaner = {
        let mut b = ammonia::Builder::default();
        b.url_schemes(["http", "https", "mailto"].into_iter().collect())
            .link_rel(Some("noopener noreferrer nofollow"))
            // Raw `<img>` pointing elsewhere loses its address (Markdown images became links).
            .attribute_filter(local_images_only);
        b
    };
    let mut out = cleaner.clean(html).to_string();
    for _ in 0..4 {
        let again = cleaner.clean(&out).to_string();
        if again == out {
            break;
        }
        out = again;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown() {
        let out = to_safe_html("# Rencana\n\n*satu* [dua](https://example.org)");
        assert!(out.contains("<h1>Rencana</h1>"));
        assert!(out.contains("<em>satu</em>"));
        assert!(out.contains("href=\"https://example.org\""));
    }

    #[test]
    fn a_removed_element_leaves_no_markup_that_changes_when_sanitised_again() {
        // Found by `cargo fuzz run markdown` (fuzz/corpus/markdown/nested-p-in-removed-button).
        let input = "<&orm action=\"javascript:xssascript:xss(19)\"><button formaction=\"java-cript(19)\"><button formautton formaction=\"javascript(19)\"><buttonrm>";
        let once = to_safe_html(input);
        assert_eq!(sanitize(&once), once);
    }

    #[test]
    fn external_images_become_links() {
        let out = to_safe_html("![peta](https://evil.example/x.png) ![logo](/static/favicon.svg)");
        assert!(!out.contains("<img src=\"https://evil"), "{out}");
        assert!(
            out.contains("<a href=\"https://evil.example/x.png\""),
            "{out}"
        );
        assert!(out.contains("peta</a>"), "{out}");
        assert!(out.contains("<img src=\"/static/favicon.svg\""), "{out}");
        let raw = to_safe_html("<img src=\"https://evil.example/y.png\" alt=y>");
        assert!(!raw.contains("evil.example"), "{raw}");
    }

    #[test]
    fn deep_nesting_is_refused_and_the_deepest_allowed_is_not() {
        assert_eq!(check(&">".repeat(MAX_NESTING + 1)), Err(Refusal::TooDeep));
        assert_eq!(check(&"> ".repeat(MAX_NESTING)), Ok(()));
        let nested_lists: String = (0..=MAX_NESTING)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect();
        assert_eq!(check(&nested_lists), Err(Refusal::TooDeep));
        let emphasis = format!("{}x{}", "*a _b ".repeat(5), " b_ a*".repeat(5));
        assert_eq!(check(&emphasis), Err(Refusal::TooDeep));
        assert_eq!(
            check(&"<div>".repeat(MAX_HTML_NESTING + 1)),
            Err(Refusal::TooDeep)
        );
        assert_eq!(check(&"<br>".repeat(1000)), Ok(()));
        assert_eq!(check(&"x".repeat(MAX_CHARS + 1)), Err(Refusal::TooLong));
        assert_eq!(
            check("# Rencana\n\n> kutipan\n\n- satu\n  - dua **tebal**"),
            Ok(())
        );
    }

    #[test]
    fn removes_scripts_and_unsafe_links() {
        for evil in [
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
            "<img src=x onerror=alert(1)>",
            "[x](data:text/html,<script>alert(1)</script>)",
            "<a href=\"jAvAsCrIpT:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<iframe src=https://evil.example></iframe>",
        ] {
            let out = to_safe_html(evil).to_lowercase();
            assert!(!out.contains("<script"), "{evil} -> {out}");
            assert!(!out.contains("javascript:"), "{evil} -> {out}");
            assert!(
                !out.contains("onerror") && !out.contains("onload"),
                "{evil} -> {out}"
            );
            assert!(!out.contains("data:text"), "{evil} -> {out}");
            assert!(
                !out.contains("<iframe") && !out.contains("<svg"),
                "{evil} -> {out}"
            );
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::fuzz_checks::active_content;
    use proptest::prelude::*;

    /// Pieces an attacker (or a careless editor) puts in Markdown; strings are made of them.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("<script>xss(1)</script>".to_string()),
            Just("<img src=x onerror=xss(2)>".to_string()),
            Just("[a](javascript:xss(3))".to_string()),
            Just("![i](javascript:xss(4))".to_string()),
            Just("<a href=\"jav&#x09;ascript:xss(5)\">".to_string()),
            Just("<svg><animate onbegin=xss(6)>".to_string()),
            Just("<math><mtext><table><mglyph><style><img src=x onerror=xss(7)>".to_string()),
            Just("<iframe srcdoc=\"<script>xss(8)</script>\">".to_string()),
            Just("[r]: data:text/html,<script>xss(9)</script>\n[x][r]".to_string()),
            Just("<javascript:xss(10)>".to_string()),
            Just("\"><b style=x onmouseover=xss(11)>".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            Just("<![CDATA[".to_string()),
            Just("`<script>`".to_string()),
            Just("```\n<script>\n```\n".to_string()),
            Just("| a | <b onclick=xss(12)> |\n|---|---|\n".to_string()),
            Just("[^1]\n\n[^1]: <img src=x onerror=xss(13)>".to_string()),
            Just("\n\n".to_string()),
            Just("&lt;script&gt;".to_string()),
            Just("\u{202e}\u{200d}＜script＞".to_string()),
            "[a-z <>\"'=/:()\\[\\]!#*`&;\n-]{0,24}",
            any::<String>(),
        ]
    }

    fn document() -> impl Strategy<Value = String> {
        prop::collection::vec(fragment(), 0..10).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        #[test]
        fn sanitising_is_stable(doc in document()) {
            let html = to_safe_html(&doc);
            prop_assert_eq!(sanitize(&html), html.clone());
        }

        #[test]
        fn nothing_active_survives(doc in document()) {
            let html = to_safe_html(&doc);
            prop_assert!(active_content(&html).is_none(), "{:?} -> {}", doc, html);
        }

        #[test]
        fn raw_html_is_sanitised_too(doc in document()) {
            let html = sanitize(&doc);
            prop_assert!(active_content(&html).is_none(), "{:?} -> {}", doc, html);
            prop_assert_eq!(sanitize(&html), html.clone());
        }
    }
}
