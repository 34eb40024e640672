//! `GET /baton/v1/texts`: every text property in one locale, the bank's `[texts.<locale>]`
//! overrides applied (`BatonTexts`), so that the visitor widget's strings stay out of its
//! wasm and a bank can change any of them by configuration.
//!
//! Public: the widget needs its texts before anyone signs in (the PIN entry), and nothing
//! here is secret. The locale is `?locale=`, else the first language of `Accept-Language`
//! (as for every other answer), else `en`. Texts change only with the configuration, so
//! browsers and proxies may keep them for a few minutes.

use std::sync::Arc;

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use baton_api::wire::baton::BatonTexts;

use super::query_parameter;
use crate::http::App;
use crate::http::caller::{language_tag, locale};

/// The query parameter naming the locale.
const LOCALE: &str = "locale";

/// The texts for the requested locale.
pub(super) async fn texts(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ([(header::HeaderName, HeaderValue); 2], Json<BatonTexts>) {
    let locale = query_parameter(query.as_deref(), LOCALE)
        .and_then(language_tag)
        .map_or_else(|| locale(&headers), str::to_owned);
    (
        [
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            ),
            // Without `?locale=` the answer depends on this header.
            (header::VARY, HeaderValue::from_static("Accept-Language")),
        ],
        Json(BatonTexts::new(&app.settings.properties.texts, &locale)),
    )
}
