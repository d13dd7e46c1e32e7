//! Before any body is read: the sign-in of a request to a route that needs it (a refusal answers
//! at once, the body unread), and a deadline on reading the body of every request.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::HttpMessage;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::rt::time::{Instant, Sleep, sleep, sleep_until};
use actix_web::web::{self, Bytes};
use futures_core::Stream;

use crate::i18n::Lang;
use crate::startup::AppState;

/// The largest body of a form without a file but with long text (Markdown, descriptions: 100,000
/// characters, percent-encoded).
pub const FORM_BYTES: usize = 2 * 1024 * 1024;
/// The largest body of a short form (sign-in, publish, accounts).
pub const SMALL_FORM_BYTES: usize = 16 * 1024;

/// A body that sends nothing for this long is cut off.
pub const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// No body takes longer than this to arrive (a 20 MB document at about 200 KB/s).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(100);

/// On a route that needs an account (wrapped around its resource, so after routing): a write is
/// refused before its body is read unless its session is live; the user is kept for the handler.
pub async fn signed_in(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if writes && let Some(state) = req.app_data::<web::Data<AppState>>().cloned() {
        let lang = Lang::from_path(req.path());
        match super::session::require_user(req.request(), &state, lang).await {
            Ok(user) => {
                req.extensions_mut().insert(user);
            }
            Err(refusal) => return Ok(req.error_response(refusal).map_into_boxed_body()),
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// For every request with a body: reading it fails when it stalls or takes too long.
pub async fn deadline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let payload = req.take_payload();
        let timed: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(Deadline {
            inner: payload,
            idle: Box::pin(sleep(BODY_IDLE_TIMEOUT)),
            total: Box::pin(sleep_until(Instant::now() + BODY_TIMEOUT)),
        });
        req.set_payload(Payload::from(timed));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// A body stream that fails when it stalls or takes too long.
struct Deadline {
    inner: Payload,
    idle: Pin<Box<Sleep>>,
    total: Pin<Box<Sleep>>,
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.idle.as_mut().reset(Instant::now() + BODY_IDLE_TIMEOUT);
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Pending => {
                if this.idle.as_mut().poll(cx).is_ready() || this.total.as_mut().poll(cx).is_ready()
                {
                    Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "the request body was not sent in time",
                    )))))
                } else {
                    Poll::Pending
                }
            }
            other => other,
        }
    }
}
