//! Uploaded documents: a PDF of at most 20 MB, checked by its magic bytes.

/// The largest document accepted (bytes).
pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;

/// An uploaded document, checked to be a PDF.
#[derive(Clone, Debug)]
pub struct Document {
    pub name: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// Accept a PDF of at most 20 MB, by its magic bytes (`%PDF-`), whatever its name says. The
/// error is a message key.
pub fn check_document(filename: &str, bytes: Vec<u8>) -> Result<Document, &'static str> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err("error-document-too-large");
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err("error-document-not-pdf");
    }
    let name: String = filename
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !crate::models::is_control_or_format(*c) && *c != '"')
        .take(200)
        .collect();
    let name = if name.is_empty() {
        "document.pdf".to_string()
    } else {
        name
    };
    Ok(Document {
        sha256: crate::auth::sha256_hex(&bytes),
        name,
        bytes,
    })
}
