//! The one error type of the web layer: visitors see a friendly page in their language
//! (`routes::error_page`), details go to the log with the whole chain of causes.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};

/// Any error, kept whole (type, message and its own causes) for the log.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The page or record does not exist (or is not public).
    #[error("not found")]
    NotFound,
    /// The request was wrong; the message key says why, in the visitor's language.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// Signed in but not allowed, or a form failed its CSRF/origin check; the key says why.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// Too many attempts (sign-in throttling); the key says what to do.
    #[error("too many requests: {0}")]
    TooManyRequests(&'static str),
    /// The page needs a signed-in user: a 303 to this sign-in URL.
    #[error("sign-in required")]
    SignInRequired(String),
    /// Anything else: logged with what failed and its chain of causes, shown as a generic 500
    /// page.
    #[error("internal error: {context}")]
    Internal {
        /// What was being done ("database", "session cookie").
        context: &'static str,
        #[source]
        source: BoxError,
    },
}

impl AppError {
    /// An unexpected failure while doing `context`, keeping the error (and its causes).
    pub fn internal(context: &'static str, source: impl Into<BoxError>) -> AppError {
        AppError::Internal {
            context,
            source: source.into(),
        }
    }

    /// The error and its causes, outermost first, for the log.
    pub fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(e) = cause {
            text.push_str(": ");
            text.push_str(&e.to_string());
            cause = e.source();
        }
        text
    }
}

/// Marks a 4xx response whose own page must be kept (a form with its errors, a conflict page).
#[derive(Clone, Copy, Debug)]
pub struct OwnBody;

/// What the error page should say, carried from `AppError` to the page renderer.
#[derive(Clone, Copy, Debug)]
pub struct ErrorMessage(pub &'static str);

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            other => AppError::internal("database", other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        AppError::internal("database pool", e)
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::internal("blocking task", e)
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::internal("template", e)
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::SignInRequired(_) => StatusCode::SEE_OTHER,
            AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal { .. } = self {
            tracing::error!(error = %self.chain(), "request failed");
        }
        if let AppError::SignInRequired(to) = self {
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, to.as_str()))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .finish();
        }
        let mut res = HttpResponse::new(self.status_code());
        if let AppError::TooManyRequests(_) = self {
            res.headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("900"));
        }
        if let AppError::BadRequest(key)
        | AppError::Forbidden(key)
        | AppError::TooManyRequests(key) = self
        {
            res.extensions_mut().insert(ErrorMessage(key));
        }
        res
    }
}
