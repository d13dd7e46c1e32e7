//! Reading submitted forms without JavaScript-era helpers: URL-encoded bodies and
//! `multipart/form-data` (for document uploads), into one `Form` of fields and files.

use actix_web::http::header;
use actix_web::{HttpRequest, web};

use crate::error::AppError;

/// The largest document accepted (bytes).
pub use crate::publishing::MAX_DOCUMENT_BYTES;
/// The largest request body accepted: a document plus the rest of its form.
pub const MAX_BODY_BYTES: usize = MAX_DOCUMENT_BYTES + 256 * 1024;

/// An uploaded file.
#[derive(Debug, Clone)]
pub struct Upload {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The fields of a submitted form, in order (a name may repeat, e.g. checkboxes).
#[derive(Debug, Default, Clone)]
pub struct Form {
    pub fields: Vec<(String, String)>,
    pub files: Vec<(String, Upload)>,
}

impl Form {
    /// The first value of a field, trimmed; "" when absent.
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .unwrap_or("")
    }

    pub fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }

    /// Every value of a repeated field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// A non-empty uploaded file.
    pub fn file(&self, name: &str) -> Option<&Upload> {
        self.files
            .iter()
            .find(|(k, f)| k == name && !f.bytes.is_empty())
            .map(|(_, f)| f)
    }

    /// Parse a body by its content type.
    pub fn parse(req: &HttpRequest, body: &web::Bytes) -> Result<Form, AppError> {
        let ctype = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if ctype.starts_with("multipart/form-data") {
            let boundary = ctype
                .split(';')
                .filter_map(|p| p.trim().strip_prefix("boundary="))
                .next()
                .map(|b| b.trim_matches('"').to_string())
                .ok_or(AppError::BadRequest("error-400-message"))?;
            parse_multipart(body, &boundary).ok_or(AppError::BadRequest("error-400-message"))
        } else {
            let text =
                std::str::from_utf8(body).map_err(|_| AppError::BadRequest("error-400-message"))?;
            let fields = decode_pairs(text).ok_or(AppError::BadRequest("error-400-message"))?;
            Ok(Form {
                fields,
                files: Vec::new(),
            })
        }
    }
}

pub use crate::text::decode_pairs;

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = from;
    while i + needle.len() <= hay.len() {
        match hay[i..hay.len() - needle.len() + 1]
            .iter()
            .position(|b| *b == first)
        {
            Some(p) => {
                let at = i + p;
                if &hay[at..at + needle.len()] == needle {
                    return Some(at);
                }
                i = at + 1;
            }
            None => return None,
        }
    }
    None
}

/// A parameter of a `Content-Disposition` header (`name="x"`).
fn disposition_param(header: &str, param: &str) -> Option<String> {
    let key = format!("{param}=\"");
    let start = header
        .match_indices(&key)
        .find(|(i, _)| *i == 0 || matches!(header.as_bytes()[i - 1], b' ' | b';'))?
        .0
        + key.len();
    let end = header[start..].find('"')? + start;
    Some(header[start..end].to_string())
}

fn parse_multipart(body: &[u8], boundary: &str) -> Option<Form> {
    let delim = format!("--{boundary}");
    let next_delim = format!("\r\n--{boundary}");
    let mut form = Form::default();
    let mut pos = find(body, delim.as_bytes(), 0)? + delim.len();
    loop {
        if body.get(pos..pos + 2) == Some(b"--") {
            return Some(form);
        }
        // Skip the CRLF after the boundary line.
        pos = find(body, b"\r\n", pos)? + 2;
        let head_end = find(body, b"\r\n\r\n", pos)?;
        let head = std::str::from_utf8(&body[pos..head_end]).ok()?;
        let content_start = head_end + 4;
        let content_end = find(body, next_delim.as_bytes(), content_start)?;
        let content = &body[content_start..content_end];
        let mut name = None;
        let mut filename = None;
        let mut content_type = String::new();
        for line in head.split("\r\n") {
            let (k, v) = line.split_once(':')?;
            match k.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    name = disposition_param(v, "name");
                    filename = disposition_param(v, "filename");
                }
                "content-type" => content_type = v.trim().to_string(),
                _ => {}
            }
        }
        let name = name?;
        match filename {
            Some(filename) => form.files.push((
                name,
                Upload {
                    filename,
                    content_type,
                    bytes: content.to_vec(),
                },
            )),
            None => form.fields.push((
                name,
                String::from_utf8(content.to_vec())
                    .ok()
                    .filter(|v| !v.contains('\0'))?,
            )),
        }
        pos = content_end + next_delim.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_multipart() {
        let body = b"--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nsatu\r\n--XX\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"m.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\nx\r\n--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ndua\r\n--XX--\r\n";
        let f = parse_multipart(body, "XX").unwrap();
        assert_eq!(f.all("a"), vec!["satu", "dua"]);
        let doc = f.file("doc").unwrap();
        assert_eq!(doc.filename, "m.pdf");
        assert_eq!(doc.bytes, b"%PDF-1.4\r\nx");
        assert!(parse_multipart(b"garbage", "XX").is_none());
        let bad = b"--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--XX--\r\n";
        assert!(parse_multipart(bad, "XX").is_none(), "not UTF-8");
    }

    #[test]
    fn decodes_url_encoded_text_strictly() {
        assert_eq!(
            decode_pairs("a=1+2&b=%C3%A9&&c&d=100%").unwrap(),
            vec![
                ("a".to_string(), "1 2".to_string()),
                ("b".to_string(), "é".to_string()),
                ("c".to_string(), String::new()),
                ("d".to_string(), "100%".to_string()),
            ]
        );
        assert!(decode_pairs("title=%FF%FE").is_none(), "not UTF-8");
        assert!(decode_pairs("title=a%00b").is_none(), "a NUL");
    }
}
