//! A browser without JavaScript for tests: keeps cookies, reads CSRF tokens, signs in, posts
//! URL-encoded and multipart forms with the site's Origin; and accounts made in the database.

use std::collections::HashMap;

use super::TestApp;
use pantau::models::place::Place;
use pantau::models::user::User;

pub const PASSWORD: &str = "kuda lumping di pasar malam";
pub const TIE: &str = "surabaya--liverpool-gb";

/// Create an account directly in the database.
pub fn add_user(app: &TestApp, email: &str, role: &str, places: &[&str]) -> i32 {
    let mut conn = app.db.connect();
    let ids: Vec<i32> = places
        .iter()
        .map(|s| Place::by_slug(&mut conn, s).unwrap().expect("place").id)
        .collect();
    let hash = pantau::auth::hash_password(PASSWORD).unwrap();
    User::create(
        &mut conn,
        email,
        &format!("Name of {email}"),
        &hash,
        role,
        &ids,
    )
    .unwrap()
}

/// A browser without JavaScript: keeps cookies, sends the site's Origin on POSTs.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookies: HashMap<String, String>,
    pub csrf: String,
}

pub struct Page {
    pub status: u16,
    pub location: String,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

pub fn hidden(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    body.find(&marker)
        .map(|i| {
            let rest = &body[i + marker.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .unwrap_or_default()
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser {
            app,
            cookies: HashMap::new(),
            csrf: String::new(),
        }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn finish(&mut self, res: reqwest::Response) -> Page {
        for v in res.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let pair = v.split(';').next().unwrap();
            let (k, val) = pair.split_once('=').unwrap();
            if val.is_empty() || v.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), val.to_string());
            }
        }
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string())
            .unwrap_or_default();
        let headers = res.headers().clone();
        let body = res.text().await.unwrap();
        let token = hidden(&body, "csrf");
        if !token.is_empty() {
            self.csrf = token;
        }
        Page {
            status,
            location,
            headers,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let res = self
            .app
            .client
            .get(format!("{}{path}", self.app.address))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.finish(res).await
    }

    /// A POST of a URL-encoded `body` with this browser's cookies and the site's Origin, not sent
    /// yet (to send many at once).
    pub fn form_request(&self, path: &str, body: String) -> reqwest::RequestBuilder {
        self.app
            .client
            .post(format!("{}{path}", self.app.address))
            .header("cookie", self.cookie_header())
            .header("origin", &self.app.address)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    }

    /// POST a URL-encoded form with the page's CSRF token added (unless `csrf` is false).
    pub async fn post_with(&mut self, path: &str, fields: &[(&str, &str)], csrf: bool) -> Page {
        let mut body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect();
        if csrf {
            body.push(format!("csrf={}", self.csrf));
        }
        let res = self
            .form_request(path, body.join("&"))
            .send()
            .await
            .unwrap();
        self.finish(res).await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.post_with(path, fields, true).await
    }

    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        pdf: &[u8],
    ) -> Page {
        let boundary = "XyZzY123boundary";
        let mut body: Vec<u8> = Vec::new();
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let csrf = self.csrf.clone();
        all.push(("csrf", &csrf));
        for (k, v) in all {
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .bytes(),
            );
        }
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"mou-surabaya.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").bytes());
        body.extend(pdf);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        let res = self
            .app
            .client
            .post(format!("{}{path}", self.app.address))
            .header("cookie", self.cookie_header())
            .header("origin", &self.app.address)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        self.finish(res).await
    }

    pub async fn sign_in_with(&mut self, email: &str, password: &str) -> Page {
        self.get("/en/sign-in").await;
        self.post(
            "/en/sign-in",
            &[("email", email), ("password", password), ("next", "")],
        )
        .await
    }

    /// Sign in and load the dashboard (which carries the session's CSRF token).
    pub async fn sign_in(&mut self, email: &str) {
        let p = self.sign_in_with(email, PASSWORD).await;
        assert_eq!(p.status, 303, "sign-in of {email}: {}", p.body);
        let d = self.get("/en/dashboard").await;
        assert_eq!(d.status, 200);
    }
}

pub fn id_from_edit_location(location: &str) -> i32 {
    // /en/agreements/12/edit
    location.split('/').nth(3).unwrap().parse().unwrap()
}
