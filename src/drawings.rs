//! SVG drawings made on the server (charts, maps, timelines): no JavaScript, each with a title and
//! a description for screen readers; the pages show a table alternative beside each.

use std::fmt::Write;

/// Escape text for XML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The opening of an accessible SVG: `role="img"`, a title and a description.
fn open(id: &str, class: &str, width: f64, height: f64, title: &str, desc: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(title),
        esc(desc)
    )
}

/// One bar of a chart.
pub struct Bar {
    pub label: String,
    pub value: i64,
    /// A CSS class for its colour (e.g. `fill-as-lapsed`).
    pub class: String,
}

/// A horizontal bar chart: label, bar, value.
pub fn bar_chart(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let row = 26.0;
    let (label_w, bar_x, bar_w) = (118.0, 122.0, 160.0);
    let height = row * bars.len() as f64 + 6.0;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let mut svg = open(id, "chart", 320.0, height, title, desc);
    for (i, b) in bars.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let w = (b.value as f64 / max * bar_w).max(if b.value > 0 { 1.5 } else { 0.0 });
        let _ = write!(
            svg,
            "<text x=\"{label_w}\" y=\"{:.1}\" class=\"lbl\" text-anchor=\"end\">{}</text><rect x=\"{bar_x}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"16\" class=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"val\">{}</text>",
            y + 13.0,
            esc(&b.label),
            y + 1.0,
            esc(&b.class),
            bar_x + w + 4.0,
            y + 13.0,
            b.value
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A column chart (e.g. ties signed per decade).
pub fn column_chart(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let (width, height, top, bottom) = (320.0, 170.0, 16.0, 22.0);
    let n = bars.len().max(1) as f64;
    let slot = (width - 8.0) / n;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let mut svg = open(id, "chart", width, height, title, desc);
    let _ = write!(
        svg,
        "<line x1=\"4\" x2=\"{}\" y1=\"{}\" y2=\"{}\" class=\"axis\"/>",
        width - 4.0,
        height - bottom,
        height - bottom
    );
    for (i, b) in bars.iter().enumerate() {
        let h = b.value as f64 / max * (height - top - bottom);
        let x = 4.0 + slot * i as f64 + slot * 0.15;
        let w = slot * 0.7;
        let y = height - bottom - h;
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" class=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"val\" text-anchor=\"middle\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" class=\"lbl small\" text-anchor=\"middle\">{}</text>",
            esc(&b.class),
            x + w / 2.0,
            y - 3.0,
            b.value,
            x + w / 2.0,
            height - 7.0,
            esc(&b.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Shares of a whole as 100%-wide bars ("ties with a roadmap: 3 of 101").
pub fn share_chart(id: &str, title: &str, desc: &str, shares: &[(String, i64, i64)]) -> String {
    let row = 40.0;
    let height = row * shares.len() as f64 + 4.0;
    let mut svg = open(id, "chart", 320.0, height, title, desc);
    for (i, (label, part, whole)) in shares.iter().enumerate() {
        let y = 2.0 + row * i as f64;
        let frac = if *whole > 0 {
            *part as f64 / *whole as f64
        } else {
            0.0
        };
        let pct = (frac * 100.0).round();
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.1}\" class=\"lbl\">{} — {pct}% ({part}/{whole})</text><rect x=\"0\" y=\"{:.1}\" width=\"312\" height=\"14\" class=\"track\"/><rect x=\"0\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" class=\"fill-share\"/>",
            y + 12.0,
            esc(label),
            y + 18.0,
            y + 18.0,
            312.0 * frac
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every drawing is well-formed XML with a title and no script.
    pub fn check_svg(svg: &str) {
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title"), "has a title");
        assert!(
            !svg.to_lowercase().contains("<script") && !svg.contains(" on"),
            "no script"
        );
        // A minimal well-formedness check: tags balance.
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let end = rest[start..].find('>').expect("tag closes") + start;
            let tag = &rest[start + 1..end];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "balanced tags in {svg}");
            } else if !tag.ends_with('/') {
                stack.push(tag.split_whitespace().next().unwrap().to_string());
            }
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
    }

    #[test]
    fn charts_are_valid_and_escape_text() {
        let bars = vec![
            Bar {
                label: "In force <&>".into(),
                value: 10,
                class: "fill-as-in-force".into(),
            },
            Bar {
                label: "Lapsed".into(),
                value: 0,
                class: "fill-as-lapsed".into(),
            },
        ];
        let svg = bar_chart("c1", "Ties \"by\" status", "desc", &bars);
        check_svg(&svg);
        assert!(svg.contains("In force &lt;&amp;&gt;"));
        check_svg(&column_chart("c2", "t", "d", &bars));
        check_svg(&share_chart(
            "c3",
            "t",
            "d",
            &[("Roadmap".into(), 3, 101), ("None".into(), 0, 0)],
        ));
        check_svg(&bar_chart("c4", "empty", "d", &[]));
    }
}
