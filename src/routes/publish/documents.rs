//! The stored PDFs of agreements and procedure steps: shown in the browser's own viewer (or
//! downloaded), public once their record is.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use super::super::{lang, with_db};
use crate::error::AppError;
use crate::publishing::{self, Kind};
use crate::startup::AppState;

/// A stored PDF: public once its record is published, before that only for its editors.
pub(super) async fn document(
    kind: Kind,
    req: HttpRequest,
    path: web::Path<(String, i32)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (code, id) = path.into_inner();
    // An unknown language is a 404 like on every page.
    lang(&code)?;
    let user = super::super::session::current_user(&req, &state).await?;
    let (published, name, bytes) = with_db(&state, move |conn| {
        let rec = publishing::load(conn, kind, id)?.ok_or(AppError::NotFound)?;
        if !rec.visible_to(user.as_ref()) {
            return Err(AppError::NotFound);
        }
        let (name, bytes) = publishing::document(conn, kind, id)?.ok_or(AppError::NotFound)?;
        Ok((rec.is_published(), name, bytes))
    })
    .await?;
    let download = req.query_string().split('&').any(|p| p == "download=1");
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            content_disposition(&name, download),
        ))
        // The PDF is shown by the browser's own viewer: no scripts, forms or plugins of the
        // document may run with this site's origin.
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ))
        .insert_header((
            header::CACHE_CONTROL,
            if published {
                "public, max-age=3600"
            } else {
                "no-store"
            },
        ))
        .body(bytes))
}

/// `inline` (or `attachment` for the download link) with a file name safe in any browser: an
/// ASCII fallback and the original name percent-encoded (RFC 6266 / RFC 8187).
pub fn content_disposition(name: &str, download: bool) -> String {
    let name: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let with_pdf = |s: String| {
        if s.to_lowercase().ends_with(".pdf") {
            s
        } else {
            format!("{s}.pdf")
        }
    };
    let ascii = with_pdf(ascii.trim_start_matches('.').to_string());
    let utf8: String = with_pdf(name)
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let how = if download { "attachment" } else { "inline" };
    format!("{how}; filename=\"{ascii}\"; filename*=UTF-8''{utf8}")
}
