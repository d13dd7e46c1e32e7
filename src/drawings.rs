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

/// How wide a chart label of 11 px may be drawn, in the chart's units: a generous average
/// character width, so that the longest label ("Berlaku, jangka waktu tidak tercatat") is never
/// cut at the drawing's left edge.
fn label_width(label: &str) -> f64 {
    label.chars().count() as f64 * 6.4
}

/// A horizontal bar chart: label, bar, value. The labels' column is as wide as the longest one
/// (at least 118 units); the drawing widens with it and scales to its box.
pub fn bar_chart(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let row = 26.0;
    let label_w = bars
        .iter()
        .map(|b| label_width(&b.label))
        .fold(118.0_f64, f64::max)
        .ceil();
    let (bar_x, bar_w) = (label_w + 4.0, 160.0);
    let height = row * bars.len() as f64 + 6.0;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let mut svg = open(id, "chart", bar_x + bar_w + 38.0, height, title, desc);
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

/// Words of `text` in lines of at most `max` characters (a long label must not be clipped on a phone).
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= max => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Shares of a whole as 100%-wide bars ("ties with a roadmap: 3 of 101"): the label (wrapped to
/// fit a 360 px phone), the figure, then the bar.
pub fn share_chart(id: &str, title: &str, desc: &str, shares: &[(String, i64, i64)]) -> String {
    let line = 15.0;
    let rows: Vec<(Vec<String>, i64, i64)> = shares
        .iter()
        .map(|(label, part, whole)| (wrap(label, 44), *part, *whole))
        .collect();
    let height: f64 = rows
        .iter()
        .map(|(l, _, _)| line * (l.len() + 1) as f64 + 26.0)
        .sum::<f64>()
        + 4.0;
    let mut svg = open(id, "chart", 320.0, height, title, desc);
    let mut y = 2.0;
    for (lines, part, whole) in rows {
        let frac = if whole > 0 {
            part as f64 / whole as f64
        } else {
            0.0
        };
        let pct = (frac * 100.0).round();
        for l in &lines {
            let _ = write!(
                svg,
                "<text x=\"0\" y=\"{:.1}\" class=\"lbl\">{}</text>",
                y + 12.0,
                esc(l)
            );
            y += line;
        }
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.1}\" class=\"val\">{pct}% ({part}/{whole})</text><rect x=\"0\" y=\"{:.1}\" width=\"312\" height=\"14\" class=\"track\"/><rect x=\"0\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" class=\"fill-share\"/>",
            y + 12.0,
            y + 18.0,
            y + 18.0,
            312.0 * frac
        );
        y += line + 26.0;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The longest status label fits left of the bars: the drawing starts where the label would.
    #[test]
    fn bar_chart_labels_are_not_cut() {
        let long = "Berlaku, jangka waktu tidak tercatat";
        let bars = [
            Bar {
                label: "Berlaku".into(),
                value: 3,
                class: "a".into(),
            },
            Bar {
                label: long.into(),
                value: 49,
                class: "b".into(),
            },
        ];
        let svg = bar_chart("c", "t", "d", &bars);
        let x: f64 = svg
            .split("<text x=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|x| x.parse().ok())
            .unwrap();
        assert!(
            x >= label_width(long),
            "labels end at {x}, the long one needs {}",
            label_width(long)
        );
        let short = bar_chart("c", "t", "d", &bars[..1]);
        assert!(
            short.contains("viewBox=\"0 0 320 "),
            "short labels keep the usual width: {short}"
        );
        check_svg(&svg);
    }

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

/// The land outline (Natural Earth 1:110m, public domain), one ring of `lon,lat` pairs a line.
const WORLD_LAND: &str = include_str!("../data/world-land.txt");

/// Units per radian-ish of the Equal Earth projection in our drawings.
const SCALE: f64 = 100.0;

/// The Equal Earth projection (Šavrič, Patterson & Jenny 2018), in SVG coordinates (y down).
pub fn project(lon: f64, lat: f64) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let (lam, phi) = (lon.to_radians(), lat.clamp(-90.0, 90.0).to_radians());
    let theta = ((3f64.sqrt() / 2.0) * phi.sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let x = 2.0 * 3f64.sqrt() * lam * theta.cos()
        / (3.0 * (9.0 * A4 * t6 * t2 + 7.0 * A3 * t6 + 3.0 * A2 * t2 + A1));
    let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x * SCALE, -y * SCALE)
}

/// The whole world's extent in projected units: (min x, min y, width, height).
fn world_box() -> (f64, f64, f64, f64) {
    let (x0, _) = project(-180.0, 0.0);
    let (_, y0) = project(0.0, 90.0);
    (x0, y0, -2.0 * x0, -2.0 * y0)
}

/// The world outline as a standalone SVG (served as a cached asset and drawn under every map).
pub fn world_svg() -> String {
    let (x, y, w, h) = world_box();
    let mut path = String::with_capacity(WORLD_LAND.len());
    for line in WORLD_LAND
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        for (i, pair) in line.split_whitespace().enumerate() {
            let Some((lon, lat)) = pair.split_once(',') else {
                continue;
            };
            let (Ok(lon), Ok(lat)) = (lon.parse::<f64>(), lat.parse::<f64>()) else {
                continue;
            };
            let (px, py) = project(lon, lat);
            let _ = write!(path, "{}{px:.1} {py:.1}", if i == 0 { "M" } else { "L" });
        }
        path.push('Z');
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{x:.2} {y:.2} {w:.2} {h:.2}\"><path fill=\"#dfe6e3\" fill-rule=\"evenodd\" d=\"{path}\"/></svg>"
    )
}

/// A point on a map: a place with a label and a CSS class for its colour.
pub struct MapPoint {
    pub lon: f64,
    pub lat: f64,
    pub label: String,
    pub class: String,
    /// The marker's size factor (1 = normal).
    pub size: f64,
}

fn map_open(
    id: &str,
    title: &str,
    desc: &str,
    view: (f64, f64, f64, f64),
    world_href: &str,
) -> String {
    let (x, y, w, h) = world_box();
    let (vx, vy, vw, vh) = view;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"{vx:.1} {vy:.1} {vw:.1} {vh:.1}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc><rect x=\"{vx:.1}\" y=\"{vy:.1}\" width=\"{vw:.1}\" height=\"{vh:.1}\" class=\"sea\"/><image href=\"{}\" x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\"/>",
        esc(title),
        esc(desc),
        esc(world_href)
    )
}

/// A place and its partners on the world outline, each tie a curved line coloured by its status.
pub fn tie_map(
    id: &str,
    title: &str,
    desc: &str,
    world_href: &str,
    center: &MapPoint,
    partners: &[MapPoint],
) -> String {
    // The world without Antarctica.
    let (x, _, w, _) = world_box();
    let (_, top) = project(0.0, 84.0);
    let (_, bottom) = project(0.0, -58.0);
    let mut svg = map_open(id, title, desc, (x, top, w, bottom - top), world_href);
    let (cx, cy) = project(center.lon, center.lat);
    svg.push_str("<g class=\"ties\">");
    for p in partners {
        let (px, py) = project(p.lon, p.lat);
        // A gentle curve, bending to the left of the direction of travel.
        let (mx, my) = ((cx + px) / 2.0, (cy + py) / 2.0);
        let (dx, dy) = (px - cx, py - cy);
        let (qx, qy) = (mx - dy * 0.18, my + dx * 0.18);
        let _ = write!(
            svg,
            "<path d=\"M{cx:.1} {cy:.1}Q{qx:.1} {qy:.1} {px:.1} {py:.1}\" class=\"line {}\"/>",
            esc(&p.class)
        );
    }
    svg.push_str("</g><g class=\"points\">");
    for p in partners {
        let (px, py) = project(p.lon, p.lat);
        let _ = write!(
            svg,
            "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"2.6\" class=\"pt {}\"><title>{}</title></circle>",
            esc(&p.class),
            esc(&p.label)
        );
    }
    let _ = write!(
        svg,
        "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"4\" class=\"pt center\"><title>{}</title></circle>",
        esc(&center.label)
    );
    svg.push_str("</g></svg>");
    svg
}

/// Indonesian places on a map of the archipelago, sized and coloured as the caller says.
pub fn indonesia_map(
    id: &str,
    title: &str,
    desc: &str,
    world_href: &str,
    points: &[MapPoint],
) -> String {
    let (x0, y0) = project(94.0, 7.5);
    let (x1, y1) = project(142.0, -11.5);
    let (vw, vh) = (x1 - x0, y1 - y0);
    let mut svg = map_open(id, title, desc, (x0, y0, vw, vh), world_href);
    let unit = vw / 100.0;
    let mut sorted: Vec<&MapPoint> = points.iter().collect();
    // Big circles first, so small ones stay visible on top.
    sorted.sort_by(|a, b| b.size.total_cmp(&a.size));
    for p in sorted {
        let (px, py) = project(p.lon, p.lat);
        let _ = write!(
            svg,
            "<circle cx=\"{px:.2}\" cy=\"{py:.2}\" r=\"{:.2}\" class=\"pt small {}\"><title>{}</title></circle>",
            unit * p.size,
            esc(&p.class),
            esc(&p.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod map_tests {
    use super::*;

    #[test]
    fn equal_earth_is_symmetric_and_bounded() {
        let (x, y) = project(0.0, 0.0);
        assert!(x.abs() < 1e-9 && y.abs() < 1e-9);
        let (x, _) = project(180.0, 0.0);
        assert!((x - 270.66).abs() < 0.1, "{x}");
        let (_, y) = project(0.0, 90.0);
        assert!((y + 131.73).abs() < 0.1, "{y}");
        let (xa, ya) = project(106.8, -6.2);
        let (xb, yb) = project(-106.8, 6.2);
        assert!((xa + xb).abs() < 1e-9 && (ya + yb).abs() < 1e-9);
    }

    #[test]
    fn the_world_outline_has_every_ring() {
        let svg = world_svg();
        let rings = WORLD_LAND
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert!(rings > 100);
        assert_eq!(svg.matches('Z').count(), rings);
        assert!(!svg.contains("NaN"));
    }
}

/// The steps of the procedure as a chain of numbered circles: filled when on record.
pub fn procedure_chain(id: &str, title: &str, desc: &str, steps: &[(String, bool)]) -> String {
    let n = steps.len().max(1) as f64;
    let (width, height) = (320.0, 34.0);
    let gap = (width - 24.0) / (n - 1.0).max(1.0);
    let mut svg = open(id, "chain", width, height, title, desc);
    let _ = write!(
        svg,
        "<line x1=\"12\" x2=\"{:.1}\" y1=\"17\" y2=\"17\" class=\"chain-line\"/>",
        width - 12.0
    );
    for (i, (label, on_record)) in steps.iter().enumerate() {
        let x = 12.0 + gap * i as f64;
        let class = if *on_record { "step on" } else { "step off" };
        let _ = write!(
            svg,
            "<g class=\"{class}\"><title>{}</title><circle cx=\"{x:.1}\" cy=\"17\" r=\"10\"/><text x=\"{x:.1}\" y=\"21\" text-anchor=\"middle\">{}</text></g>",
            esc(label),
            i + 1
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Something that happened (or is due) on a tie's time axis.
pub struct TimelineEvent {
    pub date: chrono::NaiveDate,
    /// The date as its source gave it (`2014`, `Mei 2017`, `3 Juli 2023`), for the table alternative.
    pub when: String,
    /// Which lane (row) it is drawn in.
    pub lane: usize,
    pub label: String,
    /// CSS class for its colour and shape.
    pub class: String,
}

/// Procedure steps, agreements, expiries, milestones, activities and reports on one time axis,
/// one lane each, with today marked.
pub fn timeline(
    id: &str,
    title: &str,
    desc: &str,
    lanes: &[String],
    events: &[TimelineEvent],
    today: chrono::NaiveDate,
    today_label: &str,
) -> String {
    use chrono::Datelike;
    let (width, left, right, lane_h, top) = (640.0, 120.0, 12.0, 24.0, 22.0);
    let height = top + lane_h * lanes.len() as f64 + 8.0;
    let first = events
        .iter()
        .map(|e| e.date)
        .min()
        .unwrap_or(today)
        .min(today);
    let last = events
        .iter()
        .map(|e| e.date)
        .max()
        .unwrap_or(today)
        .max(today);
    let (y0, y1) = (first.year(), last.year() + 1);
    let start = chrono::NaiveDate::from_ymd_opt(y0, 1, 1).unwrap_or(first);
    let end = chrono::NaiveDate::from_ymd_opt(y1, 1, 1).unwrap_or(last);
    let span = (end - start).num_days().max(1) as f64;
    let x_of =
        |d: chrono::NaiveDate| left + (d - start).num_days() as f64 / span * (width - left - right);
    let mut svg = open(id, "timeline", width, height, title, desc);
    // Lanes and their names.
    for (i, name) in lanes.iter().enumerate() {
        let y = top + lane_h * i as f64;
        let _ = write!(
            svg,
            "<rect x=\"{left}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{lane_h}\" class=\"lane{}\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"lbl\" text-anchor=\"end\">{}</text>",
            width - left - right,
            if i % 2 == 0 { " even" } else { "" },
            left - 6.0,
            y + 16.0,
            esc(name)
        );
    }
    // Year ticks: at most about eight labels.
    let years = (y1 - y0).max(1);
    let step = ((years as f64 / 8.0).ceil() as i32).max(1);
    let mut y = y0;
    while y <= y1 {
        if let Some(d) = chrono::NaiveDate::from_ymd_opt(y, 1, 1) {
            let x = x_of(d);
            let _ = write!(
                svg,
                "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" class=\"tick\"/><text x=\"{x:.1}\" y=\"12\" class=\"year\" text-anchor=\"middle\">{y}</text>",
                top - 4.0,
                height - 8.0
            );
        }
        y += step;
    }
    for e in events {
        let x = x_of(e.date);
        let cy = top + lane_h * e.lane as f64 + lane_h / 2.0;
        let _ = write!(
            svg,
            "<g class=\"ev {}\"><title>{}</title><circle cx=\"{x:.1}\" cy=\"{cy:.1}\" r=\"5\"/></g>",
            esc(&e.class),
            esc(&e.label)
        );
    }
    let tx = x_of(today);
    let _ = write!(
        svg,
        "<g class=\"today\"><title>{}</title><line x1=\"{tx:.1}\" x2=\"{tx:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/></g>",
        esc(today_label),
        top - 6.0,
        height - 4.0
    );
    svg.push_str("</svg>");
    svg
}
