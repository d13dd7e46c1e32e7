//! The signed-in account on every page: a middleware looks the session up once per request, so
//! public pages keep the account bar, the officials' links show only to those who may use them,
//! and the 403 page can say what the account may do.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpRequest, web};

use crate::auth::{CurrentUser, SESSION_COOKIE};
use crate::startup::AppState;

/// The result of this request's session lookup (`None`: the cookie names no live session).
#[derive(Clone)]
pub struct SignedIn(pub Option<CurrentUser>);

/// The user the middleware found for this request, if it looked.
pub fn looked_up(req: &HttpRequest) -> Option<Option<CurrentUser>> {
    req.extensions().get::<SignedIn>().map(|s| s.0.clone())
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let path = req.path();
    let wanted = req.cookie(SESSION_COOKIE).is_some()
        && !path.starts_with("/static/")
        && !path.starts_with("/api/")
        && path != "/healthz";
    if wanted && let Some(state) = req.app_data::<web::Data<AppState>>().cloned() {
        // A failed lookup is left to the handler, which looks again and reports the error.
        if let Ok(user) = super::session::current_user(req.request(), &state).await {
            req.extensions_mut().insert(SignedIn(user));
        }
    }
    next.call(req).await
}
