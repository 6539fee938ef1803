//! Users of a site (site admins), with their groups and effective rights.

use crate::auth::caller::user_rights;
use crate::error::{ApiError, ApiResult};
use crate::http::paging::{PageQuery, paged};
use crate::http::responses::{found, private_json};
use crate::http::site_context::SiteActor;
use crate::operations::users as ops;
use crate::rules::input::users as user_input;
use crate::rules::permissions::Rights;
use crate::rules::self_edit::{self, SelfChange};
use crate::state::AppState;
use crate::state::State;
use crate::storage::SiteTx;
use crate::storage::users::{self as store, UserEdit};
use actix_web::{HttpResponse, delete, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yass_shared_types::Paged;
use yass_shared_types::problem::Problem;
use yass_shared_types::users::{CreateUser, EffectiveRights, UpdateUser, User, UserStatus};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_users)
        .service(create_user)
        .service(get_user)
        .service(update_user)
        .service(delete_user)
        .service(user_rights_of);
}

/// The site's users, by account.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), PageQuery), responses(
    (status = 200, description = "OK", body = Paged<User>),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
))]
#[get("/users")]
pub async fn list_users(
    state: State,
    ctx: SiteActor,
    q: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    if !actor.rights.can_see_access() {
        return Err(actor.denied());
    }
    let (page, per_page) = q.resolve()?;
    let (rows, total) = store::list(&state.db, s.site_id(), page, per_page).await?;
    let ids: Vec<i64> = rows.iter().map(|u| u.id).collect();
    let mut groups = store::group_ids_of(&state.db, s.site_id(), &ids).await?;
    let items = rows
        .iter()
        .map(|u| crate::views::users::to_dto(u, groups.remove(&u.id).unwrap_or_default()))
        .collect();
    Ok(private_json(&paged(items, total, page, per_page)))
}

/// Creates a user; by default they must change the password at first login.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug")), request_body = CreateUser, responses(
    (status = 201, description = "Created", body = User),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/users")]
pub async fn create_user(
    state: State,
    ctx: SiteActor,
    body: web::Json<CreateUser>,
) -> ApiResult<HttpResponse> {
    let SiteActor { site: s, actor } = ctx;
    actor.require_access_admin()?;
    let u = ops::create(&state, Some(s.site_id()), body.into_inner(), actor.author()).await?;
    let groups = store::group_ids_of(&state.db, s.site_id(), &[u.id])
        .await?
        .remove(&u.id)
        .unwrap_or_default();
    Ok(HttpResponse::Created().json(crate::views::users::to_dto(&u, groups)))
}

/// One user (site admins, or the user themself).
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), responses(
    (status = 200, description = "OK", body = User),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/users/{id}")]
pub async fn get_user(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    if !actor.rights.can_see_access() && actor.user_id() != Some(id) {
        return Err(actor.denied());
    }
    let u = found(store::get(&state.db, s.site_id(), id).await?)?;
    let groups = store::group_ids_of(&state.db, s.site_id(), &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    Ok(private_json(&crate::views::users::to_dto(&u, groups)))
}

/// Changes a user's profile, status, groups or password (site admins).
/// One's own account cannot be disabled or taken out of site administration
/// here (409). Disabling or resetting the password ends the user's sessions at once;
/// disabling also revokes the user's API tokens.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), request_body = UpdateUser, responses(
    (status = 200, description = "OK", body = User),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "A site admin may not disable their own account or leave their own site administration", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "Invalid input (per-field errors)", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/users/{id}")]
pub async fn update_user(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
    body: web::Json<UpdateUser>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    actor.require_access_admin()?;
    let u = found(store::get(&state.db, s.site_id(), id).await?)?;
    let b = body.into_inner();
    if actor.user_id() == Some(id) {
        refuse_self_lockout(&state, s.site_id(), &b).await?;
    }
    let foreign = match &b.group_ids {
        Some(g) => store::foreign_group_ids(&state.db, s.site_id(), g).await?,
        None => vec![],
    };
    let v = user_input::user_update(&b, &foreign).map_err(ApiError::Validation)?;
    let password_hash = match &v.new_password {
        Some(p) => Some(state.passwords.hash(p).await?),
        None => None,
    };
    let edit = UserEdit {
        display_name: v.display_name,
        emails: v.emails,
        status: v.status,
        password_hash,
        group_ids: v.group_ids,
        end_sessions: v.end_sessions,
        revoke_api_tokens: v.revoke_api_tokens,
    };
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    let updated = store::update(&tx, &u, edit, state.clock.now_naive()).await?;
    tx.commit().await?;
    let groups = store::group_ids_of(&state.db, s.site_id(), &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    Ok(private_json(&crate::views::users::to_dto(&updated, groups)))
}

/// A site admin editing their own record may not lock themselves out
/// (rules::self_edit): 409 before anything is written.
async fn refuse_self_lockout(
    state: &AppState,
    site_id: crate::storage::SiteId,
    b: &UpdateUser,
) -> ApiResult<()> {
    let keeps_site_admin = match &b.group_ids {
        Some(ids) => {
            let site_groups = crate::storage::groups::list(&state.db, site_id).await?;
            let infos = crate::storage::groups::infos(&site_groups);
            Some(Rights::for_user(ids, &infos).can_see_access())
        }
        None => None,
    };
    let change = SelfChange {
        deletes: false,
        disables: b.status == Some(UserStatus::Disabled),
        keeps_site_admin,
    };
    match self_edit::refusal(&change) {
        Some(why) => Err(ApiError::Conflict(why.into())),
        None => Ok(()),
    }
}

/// Deletes a user (site admins); one cannot delete oneself. The user's API
/// tokens are revoked in the same transaction.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), responses(
    (status = 204, description = "Deleted"),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Conflict", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/users/{id}")]
pub async fn delete_user(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    actor.require_access_admin()?;
    if actor.user_id() == Some(id) {
        let change = SelfChange {
            deletes: true,
            disables: false,
            keeps_site_admin: None,
        };
        if let Some(why) = self_edit::refusal(&change) {
            return Err(ApiError::Conflict(why.into()));
        }
    }
    let tx = SiteTx::begin(&state.db, s.site_id(), actor.author()).await?;
    store::delete(&tx, id, state.clock.now_naive()).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// What a user may do, derived from their groups and every ancestor group.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("site" = String, Path, description = "Site slug"), ("id" = i64, Path)), responses(
    (status = 200, description = "OK", body = EffectiveRights),
    (status = 401, description = "Not signed in, or the token is invalid", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/users/{id}/rights")]
pub async fn user_rights_of(
    state: State,
    ctx: SiteActor,
    path: web::Path<(String, i64)>,
) -> ApiResult<HttpResponse> {
    let (_, id) = path.into_inner();
    let SiteActor { site: s, actor } = ctx;
    if !actor.rights.can_see_access() && actor.user_id() != Some(id) {
        return Err(actor.denied());
    }
    found(store::get(&state.db, s.site_id(), id).await?)?;
    Ok(private_json(
        &user_rights(&state, s.site_id(), id).await?.to_dto(),
    ))
}
