//! Markdown to safe HTML: pulldown-cmark renders, ammonia removes raw HTML, scripts and unsafe URLs.

use pulldown_cmark::{Options, Parser, html};

/// Render Markdown to HTML that is safe to put on a page.
pub fn to_safe_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    sanitize(&raw)
}

/// Keep only harmless elements and attributes; links get `rel="noopener noreferrer nofollow"`.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(html)
        .to_string()
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
