//! Results that several pages rendered for one data version share (the home page's figures in
//! both languages, the place suggestions of every tie list): computed once per version, day and
//! process, while each page is still rendered for its own language and query.

use std::any::Any;
use std::sync::Arc;
use std::time::Duration;

use actix_web::{HttpMessage, HttpRequest, web};

use super::with_db;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::startup::AppState;

/// The data version a request is rendered for, put in its extensions by the cache middleware
/// (absent when the page is not cached, e.g. for a signed-in visitor).
#[derive(Clone, Copy)]
pub struct RenderVersion(pub i64);

type Shared = Arc<dyn Any + Send + Sync>;

/// The shared results kept: a few per version, so only the last few versions' (a result is
/// asked for under the newest version only, so older ones go after a few seconds unused).
pub struct Memo {
    entries: moka::future::Cache<String, Shared>,
}

impl Default for Memo {
    fn default() -> Memo {
        Memo {
            entries: moka::future::Cache::builder()
                .max_capacity(16)
                .time_to_idle(Duration::from_secs(5))
                .build(),
        }
    }
}

/// `f`'s result for the data version `req` is rendered for, computed by the first page that
/// asks (the others wait for it); without a version, computed for this request alone. `name`
/// tells the result apart and holds whatever else it depends on.
pub async fn for_version<T, F>(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    name: &str,
    f: F,
) -> Result<Arc<T>, AppError>
where
    T: Send + Sync + 'static,
    F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
{
    let version = req.extensions().get::<RenderVersion>().copied();
    let Some(RenderVersion(version)) = version else {
        return Ok(Arc::new(with_db(state, f).await?));
    };
    let key = format!("{version}|{}|{name}", state.today());
    let value = state
        .shared
        .entries
        .try_get_with(key, async {
            with_db(state, f).await.map(|t| Arc::new(t) as Shared)
        })
        .await
        .map_err(|e| AppError::internal("shared page data", e.to_string()))?;
    value
        .downcast::<T>()
        .map_err(|_| AppError::internal("shared page data", format!("{name} holds another type")))
}
