//! Request extractors for the opening every handler shares: the language of the URL (`Lang`),
//! the signed-in account (`SignedIn<R>`, with what it must be allowed to do) and a signed-in
//! form with its CSRF token checked (`CsrfForm<R>`). The account is checked before the body is
//! read (a refusal never waits for an upload), the body is read within the resource's
//! `PayloadConfig`, then parsed and checked.

use std::future::{Ready, ready};
use std::marker::PhantomData;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_core::future::LocalBoxFuture;

use super::form::Form;
use super::session::{check_csrf, require_user};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::startup::AppState;

/// The `{lang}` segment of the route; any other value is a 404.
impl FromRequest for Lang {
    type Error = AppError;
    type Future = Ready<Result<Lang, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.match_info()
                .get("lang")
                .and_then(Lang::parse)
                .ok_or(AppError::NotFound),
        )
    }
}

/// What a signed-in account must be allowed to do on a route.
pub trait Requirement {
    /// `Ok` when `user` may; otherwise the refusal.
    fn check(user: &CurrentUser) -> Result<(), AppError>;
}

/// Any signed-in account.
pub struct AnyAccount;

impl Requirement for AnyAccount {
    fn check(_: &CurrentUser) -> Result<(), AppError> {
        Ok(())
    }
}

/// An editor (or administrator): moderation of the public's suggestions.
pub struct Editor;

impl Requirement for Editor {
    fn check(user: &CurrentUser) -> Result<(), AppError> {
        if user.is_editor() {
            Ok(())
        } else {
            Err(AppError::Forbidden("forbidden-moderation"))
        }
    }
}

/// An administrator: accounts and the audit log.
pub struct Admin;

impl Requirement for Admin {
    fn check(user: &CurrentUser) -> Result<(), AppError> {
        if user.is_admin() {
            Ok(())
        } else {
            Err(AppError::Forbidden("account-admin-only"))
        }
    }
}

/// The signed-in account, or the sign-in page (GET) / a 403 (other methods); then `R`'s check.
async fn account<R: Requirement>(req: &HttpRequest) -> Result<CurrentUser, AppError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::internal("extractor", "no application state"))?;
    let lang = Lang::from_path(req.path());
    let user = require_user(req, state, lang).await?;
    R::check(&user)?;
    Ok(user)
}

/// A signed-in account allowed what `R` requires.
pub struct SignedIn<R: Requirement = AnyAccount> {
    pub user: CurrentUser,
    _requirement: PhantomData<R>,
}

impl<R: Requirement + 'static> FromRequest for SignedIn<R> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            Ok(SignedIn {
                user: account::<R>(&req).await?,
                _requirement: PhantomData,
            })
        })
    }
}

/// A form sent by a signed-in account allowed what `R` requires, its Origin and CSRF token
/// checked.
pub struct CsrfForm<R: Requirement = AnyAccount> {
    pub user: CurrentUser,
    pub form: Form,
    _requirement: PhantomData<R>,
}

impl<R: Requirement + 'static> FromRequest for CsrfForm<R> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        // Takes the body stream now; nothing is read until the account has been checked.
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let user = account::<R>(&req).await?;
            let body = body.await?;
            let form = Form::parse(&req, &body)?;
            check_csrf(&req, &user, &form)?;
            Ok(CsrfForm {
                user,
                form,
                _requirement: PhantomData,
            })
        })
    }
}
