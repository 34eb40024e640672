//! `GET /baton/v1/texts`: every text property in one locale, the bank's `[texts.<locale>]`
//! overrides applied (`BatonTexts`), so that the visitor widget's strings stay out of its
//! wasm and a bank can change any of them by configuration.
//!
//! Public: the widget needs its texts before anyone signs in (the PIN entry), and nothing
//! here is secret. The locale is `?locale=`, else the first language of `Accept-Language`
//! (as for every other answer), else `en`. `?ui=visitor`, `?ui=agent` or `?ui=launcher`
//! keeps the answer to the texts that user interface shows (`TextUi`), so a bank's page does
//! not download the desk's, nor the widget's before the launcher is first opened. Texts change only with the configuration, so browsers and proxies may keep them
//! for a few minutes.

use std::sync::Arc;

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use baton_api::wire::baton::BatonTexts;
use baton_core::text::TextUi;

use super::query_parameter;
use crate::http::App;
use crate::http::caller::{language_tag, locale};
use crate::http::error::ApiError;

/// The query parameter naming the locale.
const LOCALE: &str = "locale";

/// The query parameter naming the user interface.
const UI: &str = "ui";

/// The texts for the requested locale (and user interface).
pub(super) async fn texts(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<([(header::HeaderName, HeaderValue); 2], Json<BatonTexts>), ApiError> {
    let ui = query_parameter(query.as_deref(), UI)
        .map(|name| {
            TextUi::parse(name).ok_or_else(|| {
                ApiError::Malformed(format!(
                    "ui must be visitor, agent or launcher, not {name:?}"
                ))
            })
        })
        .transpose()?;
    let locale = query_parameter(query.as_deref(), LOCALE)
        .and_then(language_tag)
        .map_or_else(|| locale(&headers), str::to_owned);
    let mut answer = BatonTexts::new(&app.settings.properties.texts, &locale);
    if let Some(ui) = ui {
        answer.texts.retain(|name, _| ui.shows(name));
    }
    Ok((
        [
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
            // Without `?locale=` the answer depends on this header.
            (header::VARY, HeaderValue::from_static("Accept-Language")),
        ],
        Json(answer),
    ))
}
