//! `--static <dir>`: the folder served at `/` (the npm package's files, the demo's pages),
//! with the variants `cargo xtask build` precompressed beside each file (`x.js.br`,
//! `x.js.gz`) chosen by `Accept-Encoding`, validators, and caching headers. Static files
//! only: paths under the API's prefixes never reach the folder, and routed answers never
//! pass through here.
//!
//! tower-http's `ServeDir` does the serving itself (path checks, the content negotiation
//! between `.br`, `.gz` and the file, `Content-Type` from the file's own name, `HEAD`, one
//! `Range`, `Last-Modified`). Around it, this module adds:
//!
//! - `Vary: Accept-Encoding` on every file answer (the same URL has up to three bodies).
//! - A strong `ETag` per body sent: a hash of the bytes of the file actually served (the `.br`,
//!   the `.gz` or the file itself), so each variant has its own. Computed on the first request
//!   and cached by path, modification time and length; a file rewritten while the server runs
//!   (a rebuild under `cargo xtask demo`) gets a new one at the next request. Computing them
//!   all at start would be cheaper per request but would go stale on a rebuild, answering
//!   304 for bytes the client does not have.
//! - The conditional requests, evaluated here and not by `ServeDir` (which knows no `ETag`):
//!   `If-None-Match` (which, as RFC 9110 13.2.2 says, makes `If-Modified-Since` ignored), then
//!   `If-Modified-Since`; a match answers 304 with the same `ETag`, `Vary` and
//!   `Cache-Control`. `If-Range` that does not match the current body drops the `Range`.
//! - `Cache-Control`: `public, max-age=31536000, immutable` for versioned names (whose bytes
//!   never change, see [`versioned`]), `no-cache` for every other file: the browser keeps it
//!   but asks each time, and the `ETag` makes that a 304 without a body.
//!
//! A variant older than its file is not sent (the file is): a build that stopped between
//! rewriting a file and its variants must not serve the previous build's bytes.
//!
//! A precompressed variant is never served under its own name (`/x.js.br` answers 404): it
//! is the body of `/x.js`, and on its own it would reach a browser as an opaque download
//! with no `Content-Encoding`. A variant whose file is missing is not served either.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use super::error::ApiError;

/// The first path segments of the API (Unblu's `/app/rest/v4`, `/baton/v1`, SuperOffice's
/// `/api/v1`): never looked up in the folder, so an unknown API path answers the API's 404.
const API_PREFIXES: &[&str] = &["app", "baton", "api"];

/// The extensions of precompressed variants (what `cargo xtask build` writes).
const VARIANTS: &[&str] = &["br", "gz"];

/// `Cache-Control` of a versioned name.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Cache-Control` of every other file: keep, but revalidate before each use.
pub const REVALIDATE: &str = "no-cache";

/// The static site: the folder, its file server and the `ETag`s computed so far.
#[derive(Clone)]
pub struct StaticSite {
    inner: Arc<Inner>,
}

struct Inner {
    dir: PathBuf,
    files: ServeDir,
    etags: Mutex<HashMap<PathBuf, Stamp>>,
}

/// A file's `ETag` and the state of the file it was computed from.
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    etag: HeaderValue,
}

/// The router's fallback when a folder is served.
impl tower::Service<Request<Body>> for StaticSite {
    type Response = Response<Body>;
    type Error = std::convert::Infallible;
    type Future = futures_util::future::BoxFuture<'static, Result<Response<Body>, Self::Error>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let site = self.clone();
        Box::pin(async move { Ok(site.serve(request).await) })
    }
}

impl StaticSite {
    /// Serves `dir`.
    pub fn new(dir: &Path) -> Self {
        Self {
            inner: Arc::new(Inner {
                dir: dir.to_path_buf(),
                files: ServeDir::new(dir).precompressed_br().precompressed_gzip(),
                etags: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The answer to `request` from the folder.
    pub async fn serve(self, request: Request<Body>) -> Response<Body> {
        let path = request.uri().path();
        if is_api(path) {
            return ApiError::NoRoute.into_response();
        }
        let Some(file) = file_path(&self.inner.dir, path) else {
            return not_found();
        };
        if is_variant(&file) {
            return not_found();
        }
        let (parts, _) = request.into_parts();
        let mut headers = parts.headers;
        let conditions = Conditions::take(&mut headers);
        let mut response = self.files(&parts.method, &parts.uri, &headers).await;
        if !is_file_answer(response.status()) {
            return response;
        }
        // The file the body is read from: a folder's `index.html`, then the variant's suffix.
        let file = if tokio::fs::metadata(&file).await.is_ok_and(|m| m.is_dir()) {
            file.join("index.html")
        } else {
            file
        };
        let Ok(file_meta) = tokio::fs::metadata(&file).await else {
            // Only an orphaned `.br` / `.gz` is left: its file is gone.
            return not_found();
        };
        let mut served = file.clone();
        if let Some(suffix) = encoding_suffix(response.headers()) {
            let variant = append_extension(&file, suffix);
            if older(&variant, &file_meta).await {
                // The file was rewritten after its variants (a build that stopped half way):
                // the file itself, not a stale body.
                headers.remove(header::ACCEPT_ENCODING);
                response = self.files(&parts.method, &parts.uri, &headers).await;
                if !is_file_answer(response.status()) {
                    return response;
                }
            } else {
                served = variant;
            }
        }
        let etag = self.etag(&served).await;
        if response.status() != StatusCode::OK
            && !conditions.range_applies(etag.as_ref(), response.headers())
        {
            headers.remove(header::RANGE);
            response = self.files(&parts.method, &parts.uri, &headers).await;
        }
        let cache_control = if versioned(parts.uri.path()) {
            IMMUTABLE
        } else {
            REVALIDATE
        };
        let not_modified = conditions.not_modified(etag.as_ref(), response.headers());
        let headers = response.headers_mut();
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        );
        if let Some(etag) = etag {
            headers.insert(header::ETAG, etag);
        }
        if not_modified {
            return not_modified_from(&response);
        }
        response
    }

    /// `ServeDir`'s answer to a request with these parts (its body is always empty).
    async fn files(
        &self,
        method: &axum::http::Method,
        uri: &axum::http::Uri,
        headers: &HeaderMap,
    ) -> Response<Body> {
        let mut request = Request::new(Body::empty());
        *request.method_mut() = method.clone();
        *request.uri_mut() = uri.clone();
        *request.headers_mut() = headers.clone();
        match self.inner.files.clone().oneshot(request).await {
            Ok(response) => response.map(Body::new),
            Err(never) => match never {},
        }
    }

    /// The strong `ETag` of the bytes of `file` as they are now, from the cache when the
    /// file's modification time and length are those it was computed for. `None` if the file
    /// cannot be read (it was removed meanwhile): the answer then simply has no `ETag`.
    async fn etag(&self, file: &Path) -> Option<HeaderValue> {
        let meta = tokio::fs::metadata(file).await.ok()?;
        let (modified, len) = (meta.modified().ok(), meta.len());
        {
            let etags = self.etags();
            if let Some(stamp) = etags.get(file)
                && stamp.modified == modified
                && stamp.len == len
                && modified.is_some()
            {
                return Some(stamp.etag.clone());
            }
        }
        let path = file.to_path_buf();
        let etag = tokio::task::spawn_blocking(move || std::fs::read(path).ok().map(etag_of))
            .await
            .ok()
            .flatten()?;
        self.etags().insert(
            file.to_path_buf(),
            Stamp {
                modified,
                len,
                etag: etag.clone(),
            },
        );
        Some(etag)
    }

    fn etags(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Stamp>> {
        self.inner
            .etags
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// `"<128 bits of the bytes' SHA-256, base64url>"`.
fn etag_of(bytes: Vec<u8>) -> HeaderValue {
    let digest = Sha256::digest(&bytes);
    let hash = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..16]);
    // base64url and quotes are visible ASCII.
    HeaderValue::from_str(&format!("\"{hash}\"")).unwrap_or(HeaderValue::from_static("\"\""))
}

/// The conditional headers of a request, taken out of what `ServeDir` sees.
struct Conditions {
    if_none_match: Option<String>,
    if_modified_since: Option<SystemTime>,
    if_range: Option<String>,
}

impl Conditions {
    fn take(headers: &mut HeaderMap) -> Self {
        let mut text = |name| {
            headers
                .remove(name)
                .and_then(|value: HeaderValue| value.to_str().ok().map(str::to_owned))
        };
        let if_none_match = text(header::IF_NONE_MATCH);
        let if_modified_since =
            text(header::IF_MODIFIED_SINCE).and_then(|date| httpdate::parse_http_date(&date).ok());
        let if_range = text(header::IF_RANGE);
        Self {
            if_none_match,
            if_modified_since,
            if_range,
        }
    }

    /// Whether the client's copy is current: its `If-None-Match` lists `etag` (weak
    /// comparison, `*` for any) or, without `If-None-Match`, the file was not modified since
    /// its `If-Modified-Since`.
    fn not_modified(&self, etag: Option<&HeaderValue>, response: &HeaderMap) -> bool {
        if let Some(tags) = &self.if_none_match {
            let Some(etag) = etag.and_then(|etag| etag.to_str().ok()) else {
                return false;
            };
            return tags
                .split(',')
                .map(str::trim)
                .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag);
        }
        let (Some(since), Some(modified)) = (self.if_modified_since, last_modified(response))
        else {
            return false;
        };
        modified <= since
    }

    /// Whether a `Range` may be answered: there is no `If-Range`, or it names the body's
    /// current `ETag` (strong comparison) or exactly its `Last-Modified`.
    fn range_applies(&self, etag: Option<&HeaderValue>, response: &HeaderMap) -> bool {
        let Some(condition) = &self.if_range else {
            return true;
        };
        let condition = condition.trim();
        if condition.starts_with('"') || condition.starts_with("W/") {
            return etag.is_some_and(|etag| etag.as_bytes() == condition.as_bytes());
        }
        match (
            httpdate::parse_http_date(condition).ok(),
            last_modified(response),
        ) {
            (Some(date), Some(modified)) => date == modified,
            _ => false,
        }
    }
}

fn last_modified(headers: &HeaderMap) -> Option<SystemTime> {
    let value = headers.get(header::LAST_MODIFIED)?.to_str().ok()?;
    httpdate::parse_http_date(value).ok()
}

/// 304 with the headers RFC 9110 15.4.5 asks to repeat (the `CSP` and `Date` layers add theirs).
fn not_modified_from(response: &Response<Body>) -> Response<Body> {
    let mut answer = Response::new(Body::empty());
    *answer.status_mut() = StatusCode::NOT_MODIFIED;
    for name in [header::ETAG, header::CACHE_CONTROL, header::VARY] {
        if let Some(value) = response.headers().get(&name) {
            answer.headers_mut().insert(name, value.clone());
        }
    }
    answer
}

/// Whether `ServeDir` answered with (part of) a file, which gets validators and caching.
fn is_file_answer(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::RANGE_NOT_SATISFIABLE
    )
}

/// Whether `variant` was last modified before its file (`file_meta`): then it may hold an
/// older build's bytes. (`cargo xtask build` touches every variant after writing the files,
/// and `cargo xtask demo` copies modification times.)
async fn older(variant: &Path, file_meta: &std::fs::Metadata) -> bool {
    let variant = tokio::fs::metadata(variant)
        .await
        .and_then(|meta| meta.modified());
    match (variant, file_meta.modified()) {
        (Ok(variant), Ok(file)) => variant < file,
        _ => false,
    }
}

fn not_found() -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

/// Whether `path` lies under one of the API's prefixes.
fn is_api(path: &str) -> bool {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    API_PREFIXES.contains(&first)
}

/// The file `path` (percent-decoded) names under `dir`, or `None` if it would leave `dir`
/// or is no plain relative path (`..`, an absolute or drive path inside a segment): the same
/// rules as `ServeDir`, checked first so that nothing here looks outside the folder.
fn file_path(dir: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(path.trim_start_matches('/'))
        .decode_utf8()
        .ok()?;
    let mut file = dir.to_path_buf();
    for component in Path::new(&*decoded).components() {
        match component {
            Component::Normal(segment)
                if Path::new(segment)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_))) =>
            {
                file.push(segment);
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(file)
}

/// Whether `file` is named like a precompressed variant (`x.js.br`, `x.wasm.gz`).
fn is_variant(file: &Path) -> bool {
    file.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| VARIANTS.contains(&extension))
}

/// The file suffix of the answer's `Content-Encoding`, if it has one.
fn encoding_suffix(headers: &HeaderMap) -> Option<&'static str> {
    match headers.get(header::CONTENT_ENCODING)?.as_bytes() {
        b"br" => Some("br"),
        b"gzip" => Some("gz"),
        _ => None,
    }
}

fn append_extension(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_os_string();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether the URL path names bytes that never change, which a browser may keep for a year
/// without asking: a folder segment that is a version (`/v1.2.3/`, `/v0.1.0-beta.2/`), or a
/// file name with a content hash as one of its `.`, `-` or `_` separated parts (8 or more
/// hex digits, at least one a decimal digit: `app.3f9a1c2e.js`, `chunk-0a1b2c3d4e.wasm`).
///
/// Nothing wasm-bindgen writes today is versioned: `dist/visitor/baton_visitor_bg.wasm`
/// keeps its name across builds, and the hash in `snippets/baton-sdk-<hash>/` names the
/// crate, not the content (so folder hashes do not count). Those are revalidated.
pub fn versioned(path: &str) -> bool {
    let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(name) = segments.pop() else {
        return false;
    };
    segments.iter().any(|segment| is_version(segment))
        || name.split(['.', '-', '_']).any(is_content_hash)
}

/// `v` and a semantic version: three dot-separated numbers, then an optional
/// `-prerelease` / `+build` of letters, digits, `.` and `-`.
fn is_version(segment: &str) -> bool {
    let Some(version) = segment.strip_prefix('v') else {
        return false;
    };
    let end = version.find(['-', '+']).unwrap_or(version.len());
    let (core, rest) = version.split_at(end);
    let numbers: Vec<&str> = core.split('.').collect();
    numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && rest
            .bytes()
            .skip(1)
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && rest.len() != 1
}

fn is_content_hash(part: &str) -> bool {
    part.len() >= 8
        && part.bytes().all(|b| b.is_ascii_hexdigit())
        && part.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_names_carry_a_version_folder_or_a_content_hash() {
        for path in [
            "/v1.2.3/visitor.js",
            "/pkg/v0.1.0-beta.2/dist/visitor/baton_visitor_bg.wasm",
            "/assets/app.3f9a1c2e.js",
            "/chunk-0a1b2c3d4e.wasm",
            "/styles_12345678.css",
        ] {
            assert!(versioned(path), "{path}");
        }
        for path in [
            "/",
            "/index.html",
            "/pkg/visitor.js",
            "/pkg/dist/visitor/baton_visitor_bg.wasm",
            "/pkg/dist/visitor/snippets/baton-sdk-2e92917ed8c0de1a/js/visitor-launcher.js",
            "/v1.2/visitor.js",
            "/v1.2.3",
            "/vx.y.z/a.js",
            "/v1.2.3-/a.js",
            "/deadbeefcafe.js",
            "/app.3f9a1c.js",
        ] {
            assert!(!versioned(path), "{path}");
        }
    }

    #[test]
    fn paths_out_of_the_folder_name_no_file() {
        let dir = Path::new("/site");
        assert_eq!(
            file_path(dir, "/pkg/visitor.js"),
            Some(PathBuf::from("/site/pkg/visitor.js"))
        );
        assert_eq!(file_path(dir, "/"), Some(PathBuf::from("/site")));
        for path in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/a/..%2fb",
        ] {
            assert_eq!(file_path(dir, path), None, "{path}");
        }
    }

    #[test]
    fn api_prefixes_and_variants_are_recognised() {
        assert!(is_api("/app/rest/v4/conversations") && is_api("/baton/v1/x") && is_api("/api"));
        assert!(!is_api("/apps.js") && !is_api("/pkg/api/x.js") && !is_api("/"));
        assert!(is_variant(Path::new("/site/x.js.br")) && is_variant(Path::new("/site/x.js.gz")));
        assert!(!is_variant(Path::new("/site/x.js")));
    }

    #[test]
    fn etags_are_quoted_and_differ_with_the_bytes() {
        let a = etag_of(b"one".to_vec());
        assert!(
            a.to_str()
                .is_ok_and(|t| t.starts_with('"') && t.ends_with('"'))
        );
        assert_ne!(a, etag_of(b"two".to_vec()));
    }
}
