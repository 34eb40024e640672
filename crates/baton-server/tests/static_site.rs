//! `--static <dir>`: the folder's files with the variants the build precompressed beside them
//! (`x.js.br`, `x.js.gz`) chosen by `Accept-Encoding`, a strong `ETag` per body answered
//! with 304, `Cache-Control` by versioned name, under the strict CSP; and none of it on the
//! API's answers. A real server over real HTTP (path traversal over a raw socket, since HTTP
//! clients normalise `..` away before sending).

use crate::common;

use std::path::{Path, PathBuf};

use baton_server::database::Location;
use common::{TestServer, client};
use reqwest::header::{self, HeaderMap};
use reqwest::{Method, Response, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The long `Cache-Control` of versioned names.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A site whose variants hold bytes unlike their file's (the server never decodes them), so
/// each answer shows which file it came from.
struct Site {
    _root: tempfile::TempDir,
    dir: PathBuf,
}

impl Site {
    fn new() -> Self {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("site");
        std::fs::write(root.path().join("secret.txt"), "outside the site").expect("secret");
        let site = Site { _root: root, dir };
        for (name, bytes) in [
            ("index.html", "<!doctype html><title>home</title>"),
            ("index.html.br", "BR(index.html)"),
            ("main.js", "export const main = 1;"),
            ("main.js.br", "BR(main.js) and some more bytes"),
            ("main.js.gz", "GZ(main.js)"),
            ("only-gz.css", "p { color: red }"),
            ("only-gz.css.gz", "GZ(only-gz.css)"),
            ("plain.js", "export const plain = 1;"),
            ("ghost.js.br", "BR(a file that is gone)"),
            ("dist/x_bg.wasm", "\0asm wasm bytes"),
            ("dist/x_bg.wasm.br", "BR(x_bg.wasm)"),
            ("v1.2.3/lib.js", "export const lib = 1;"),
            ("v1.2.3/lib.js.br", "BR(lib.js)"),
            ("assets/app.3f9a1c2e.js", "export const app = 1;"),
            ("app/secret.js", "under an API prefix"),
        ] {
            site.write(name, bytes);
        }
        site
    }

    fn write(&self, name: &str, bytes: &str) {
        let path = self.dir.join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        std::fs::write(path, bytes).expect("a site file");
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.dir.join(name)).expect("a site file")
    }
}

/// A demo server serving `site` (on SQLite whatever the engine under test: nothing here
/// touches the database).
async fn serving(site: &Path) -> TestServer {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = Location::File(dir.path().join("baton.db"));
    let settings = common::settings(|_| {});
    common::serving(dir, database, settings, true, Some(site.to_path_buf())).await
}

/// `GET path` with these request headers.
async fn get(server: &TestServer, path: &str, headers: &[(&str, &str)]) -> Response {
    request(server, Method::GET, path, headers).await
}

async fn request(
    server: &TestServer,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
) -> Response {
    let mut request = client().request(method, format!("{}{path}", server.base));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("an answer")
}

fn text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Status, headers and body of an answer.
async fn parts(response: Response) -> (StatusCode, HeaderMap, Vec<u8>) {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.expect("a body").to_vec();
    (status, headers, body)
}

/// Checks a file answer carries the headers every one has: CSP, `Vary`, `Cache-Control`,
/// a quoted `ETag`. Returns the `ETag`.
fn file_headers(headers: &HeaderMap, cache_control: &str) -> String {
    assert!(
        text(headers, header::CONTENT_SECURITY_POLICY)
            .is_some_and(|csp| csp.contains("default-src 'self'")),
        "{headers:?}"
    );
    assert_eq!(
        text(headers, header::VARY),
        Some("accept-encoding"),
        "{headers:?}"
    );
    assert_eq!(
        text(headers, header::CACHE_CONTROL),
        Some(cache_control),
        "{headers:?}"
    );
    let etag = text(headers, header::ETAG).expect("an ETag").to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() > 10,
        "{etag}"
    );
    etag
}

#[tokio::test]
async fn brotli_is_sent_to_a_client_that_accepts_it_with_the_file_s_type() {
    let site = Site::new();
    let server = serving(&site.dir).await;
    let (status, headers, body) = parts(
        get(
            &server,
            "/main.js",
            &[("accept-encoding", "gzip, deflate, br")],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, site.read("main.js.br"));
    assert_eq!(text(&headers, header::CONTENT_ENCODING), Some("br"));
    assert_eq!(
        text(&headers, header::CONTENT_TYPE),
        Some("text/javascript")
    );
    assert_eq!(
        text(&headers, header::CONTENT_LENGTH),
        Some(body.len().to_string().as_str())
    );
    file_headers(&headers, "no-cache");

    let (_, headers, body) =
        parts(get(&server, "/dist/x_bg.wasm", &[("accept-encoding", "br")]).await).await;
    assert_eq!(body, site.read("dist/x_bg.wasm.br"));
    assert_eq!(
        text(&headers, header::CONTENT_TYPE),
        Some("application/wasm")
    );

    let (_, headers, body) = parts(get(&server, "/", &[("accept-encoding", "br")]).await).await;
    assert_eq!(body, site.read("index.html.br"), "a folder's index.html");
    assert_eq!(text(&headers, header::CONTENT_ENCODING), Some("br"));
    assert!(text(&headers, header::CONTENT_TYPE).is_some_and(|t| t.starts_with("text/html")));
    file_headers(&headers, "no-cache");
}

#[tokio::test]
async fn gzip_is_sent_to_a_client_that_accepts_only_gzip() {
    let site = Site::new();
    let server = serving(&site.dir).await;
    let (status, headers, body) =
        parts(get(&server, "/main.js", &[("accept-encoding", "gzip")]).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, site.read("main.js.gz"));
    assert_eq!(text(&headers, header::CONTENT_ENCODING), Some("gzip"));
    assert_eq!(
        text(&headers, header::CONTENT_TYPE),
        Some("text/javascript")
    );
    file_headers(&headers, "no-cache");

    // A file with only a `.gz`: brotli preferred, gzip sent.
    let (_, headers, body) =
        parts(get(&server, "/only-gz.css", &[("accept-encoding", "br, gzip")]).await).await;
    assert_eq!(body, site.read("only-gz.css.gz"));
    assert_eq!(text(&headers, header::CONTENT_ENCODING), Some("gzip"));
    assert_eq!(text(&headers, header::CONTENT_TYPE), Some("text/css"));
}

#[tokio::test]
async fn the_file_itself_without_accept_encoding_or_without_a_variant() {
    let site = Site::new();
    let server = serving(&site.dir).await;
    let (status, headers, body) = parts(get(&server, "/main.js", &[]).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, site.read("main.js"));
    assert_eq!(text(&headers, header::CONTENT_ENCODING), None);
    file_headers(&headers, "no-cache");

    for (path, file) in [("/plain.js", "plain.js"), ("/only-gz.css", "only-gz.css")] {
        let (status, headers, body) =
            parts(get(&server, path, &[("accept-encoding", "br")]).await).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(body, site.read(file), "{path}: no variant for br on disk");
        assert_eq!(text(&headers, header::CONTENT_ENCODING), None, "{path}");
        file_headers(&headers, "no-cache");
    }
}

#[tokio::test]
async fn an_encoding_refused_with_q_0_is_not_sent() {
    let site = Site::new();
    let server = serving(&site.dir).await;
    for (accept, file, encoding) in [
        ("br;q=0, gzip", "main.js.gz", Some("gzip")),
        ("gzip, br;q=0", "main.js.gz", Some("gzip")),
        ("br;q=0, gzip;q=0", "main.js", None),
        ("gzip;q=0.5, br;q=0.8", "main.js.br", Some("br")),
        ("gzip;q=1, br;q=0.1", "main.js.gz", Some("gzip")),
        ("identity", "main.js", None),
    ] {
        let (status, headers, body) =
            parts(get(&server, "/main.js", &[("accept-encoding", accept)]).await).await;
        assert_eq!(status, StatusCode::OK, "{accept}");
        assert_eq!(body, site.read(file), "{accept}");
        assert_eq!(
            text(&headers, header::CONTENT_ENCODING),
            encoding,
            "{accept}"
        );
    }
}

#[tokio::test]
async fn each_body_has_its_own_etag_and_a_matching_if_none_match_answers_304() {
    let site = Site::new();
    let server = serving(&site.dir).await;
    let mut etags = Vec::new();
    for accept in ["br", "gzip", "identity"] {
        let (status, headers, _) =
            parts(get(&server, "/main.js", &[("accept-encoding", accept)]).await).await;
        assert_eq!(status, StatusCode::OK);
        let etag = file_headers(&headers, "no-cache");
        // The same body, the same ETag (computed once, then from the cache).
        let (_, again, _) =
            parts(get(&server, "/main.js", &[("accept-encoding", accept)]).await).await;
        assert_eq!(text(&again, header::ETAG), Some(etag.as_str()), "{accept}");
        etags.push(etag);
    }
    assert_ne!(etags[0], etags[1], "br and gzip");
    assert_ne!(etags[0], etags[2], "br and the file");
    assert_ne!(etags[1], etags[2], "gzip and the file");

    let br = etags[0].as_str();
    for if_none_match in [
        br.to_owned(),
        format!("W/{br}"),
        format!("\"x\", {br}"),
        "*".into(),
    ] {
        let (status, headers, body) = parts(
            get(
                &server,
                "/main.js",
                &[("accept-encoding", "br"), ("if-none-match", &if_none_match)],
            )
            .await,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{if_none_match}");
        assert!(body.is_empty());
        assert_eq!(text(&headers, header::ETAG), Some(br));
        assert_eq!(text(&headers, header::CONTENT_ENCODING), None);
        file_headers(&headers, "no-cache");
    }
    // The brotli body's ETag does not validate the gzip body or the file.
    for accept in ["gzip", "identity"] {
        let (status, headers, body) = parts(
            get(
                &server,
                "/main.js",
                &[("accept-encoding", accept), ("if-none-match", br)],
            )
            .await,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{accept}");
        assert!(!body.is_empty());
        assert_ne!(text(&headers, header::ETAG), Some(br));
    }
    // HEAD answers the same validators and length as GET, without a body.
    let (status, headers, body) = parts(
        request(
            &server,
            Method::HEAD,
            "/main.js",
            &[("accept-encoding", "br")],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.is_empty());
    assert_eq!(text(&headers, header::ETAG), Some(br));
    assert_eq!(text(&headers, header::CONTENT_ENCODING), Some("br"));
    assert_eq!(
        text(&headers, header::CONTENT_LENGTH),
        Some(site.read("main.js.br").len().to_string().as_str())
    );
    let (status, _, _) = parts(
        request(
            &server,
            Method::HEAD,
            "/main.js",
            &[("accept-encoding", "br"), ("if-none-match", br)],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn a_rewritten_file_gets_a_new_etag_and_old_validators_no_longer_match() {
    let site = Site::new();
    let server = serving(&site.dir).await;
    let (_, headers, _) = parts(get(&server, "/plain.js", &[]).await).await;
    let old = file_headers(&headers, "no-cache");
    site.write("plain.js", "export const plain = 2; // rebuilt");
    let (status, headers, body) =
        parts(get(&server, "/plain.js", &[("if-none-match", &old)]).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, site.read("plain.js"));
    assert_ne!(file_headers(&headers, "no-cache"), old);

    // If-None-Match decides; If-Modified-Since is then ignored (RFC 9110 13.2.2), so a file
    // whose time did not move on (an npm tarball's fixed dates) is still sent when it changed.
    let future = "Fri, 01 Jan 2100 00:00:00 GMT";
    let (status, _, _) = parts(
        get(
            &server,
            "/plain.js",
            &[("if-none-match", &old), ("if-modified-since", future)],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Alone, If-Modified-Since still answers 304, with the validators.
    let (status, headers, _) =
        parts(get(&server, "/plain.js", &[("if-modified-since", future)]).await).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    file_headers(&headers, "no-cache");
}

#[tokio::test]
async fn versioned_names_are_immutable_and_the_rest_revalidated() {
    let site = Site::new();
    let server = serving(&site.dir).await;
    for (path, accept, cache_control) in [
        ("/v1.2.3/lib.js", "br", IMMUTABLE),
        ("/v1.2.3/lib.js", "", IMMUTABLE),
        ("/assets/app.3f9a1c2e.js", "br", IMMUTABLE),
        ("/main.js", "br", "no-cache"),
        ("/dist/x_bg.wasm", "br", "no-cache"),
        ("/", "", "no-cache"),
    ] {
        let (status, headers, _) =
            parts(get(&server, path, &[("accept-encoding", accept)]).await).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        file_headers(&headers, cache_control);
    }
    let (_, headers, body) =
        parts(get(&server, "/v1.2.3/lib.js", &[("accept-encoding", "br")]).await).await;
    assert_eq!(body, site.read("v1.2.3/lib.js.br"));
    assert_eq!(text(&headers, header::CONTENT_ENCODING), Some("br"));
}

#[tokio::test]
async fn the_api_s_answers_get_nothing_of_this() {
    let site = Site::new();
    let server = serving(&site.dir).await;
    let compressing = [("accept-encoding", "br, gzip")];
    for path in ["/baton/v1/texts", "/healthz", "/openapi.json"] {
        let (status, headers, _) = parts(get(&server, path, &compressing).await).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(text(&headers, header::CONTENT_ENCODING), None, "{path}");
        assert_eq!(text(&headers, header::ETAG), None, "{path}");
        assert_ne!(
            text(&headers, header::CACHE_CONTROL),
            Some(IMMUTABLE),
            "{path}"
        );
        assert_ne!(text(&headers, header::VARY), Some("accept-encoding"));
    }
    let (_, headers, _) = parts(get(&server, "/baton/v1/texts", &compressing).await).await;
    assert_eq!(
        text(&headers, header::CACHE_CONTROL),
        Some("public, max-age=300"),
        "the endpoint's own"
    );
    // An unknown path under an API prefix is the API's 404, even where the folder has a file.
    for path in [
        "/app/secret.js",
        "/app/rest/v4/nothing-here",
        "/api/v1/none",
        "/baton/none",
    ] {
        let response = get(&server, path, &compressing).await;
        let (status, headers, body) = parts(response).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            text(&headers, header::CONTENT_TYPE).is_some_and(|t| t.contains("json")),
            "{path}: {headers:?}"
        );
        assert_ne!(body, site.read("app/secret.js"));
        assert_eq!(text(&headers, header::ETAG), None, "{path}");
        assert_eq!(text(&headers, header::CONTENT_ENCODING), None, "{path}");
    }
}

#[tokio::test]
async fn a_variant_older_than_its_file_is_not_sent() {
    let site = Site::new();
    site.write("stale.js", "export const rebuilt = true;");
    site.write("stale.js.br", "BR(the previous build)");
    site.write("stale.js.gz", "GZ(this build)");
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(site.dir.join("stale.js.br"))
        .and_then(|file| file.set_modified(an_hour_ago))
        .expect("an older variant");
    let server = serving(&site.dir).await;
    let (status, headers, body) =
        parts(get(&server, "/stale.js", &[("accept-encoding", "br")]).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, site.read("stale.js"));
    assert_eq!(text(&headers, header::CONTENT_ENCODING), None);
    file_headers(&headers, "no-cache");
    // With gzip accepted too, the fresh `.gz` is not sent either: the file is what is sure.
    let (_, headers, body) =
        parts(get(&server, "/stale.js", &[("accept-encoding", "br, gzip")]).await).await;
    assert_eq!(body, site.read("stale.js"));
    assert_eq!(text(&headers, header::CONTENT_ENCODING), None);
}

#[tokio::test]
async fn variants_are_no_urls_of_their_own_and_need_their_file() {
    let site = Site::new();
    let server = serving(&site.dir).await;
    for (path, accept) in [
        ("/main.js.br", "br"),
        ("/main.js.br", ""),
        ("/main.js.gz", "gzip"),
        // Only ghost.js.br is left: its file is gone.
        ("/ghost.js", "br"),
        ("/ghost.js", ""),
        ("/ghost.js.br", "br"),
    ] {
        let (status, headers, body) =
            parts(get(&server, path, &[("accept-encoding", accept)]).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path} {accept}");
        assert!(body.is_empty(), "{path}");
        assert_eq!(text(&headers, header::ETAG), None, "{path}");
    }
}

/// The status line and body of a request sent as these exact bytes.
async fn raw(server: &TestServer, target: &str) -> (String, String) {
    let address = server.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    let request = format!(
        "GET {target} HTTP/1.1\r\nHost: {address}\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.expect("request");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("answer");
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer.lines().next().unwrap_or_default().to_owned();
    (status, answer)
}

#[tokio::test]
async fn paths_out_of_the_folder_are_refused() {
    let site = Site::new();
    let server = serving(&site.dir).await;
    let (status, _) = raw(&server, "/main.js").await;
    assert!(status.contains(" 200 "), "the raw client works: {status}");
    for target in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/dist/../../secret.txt",
        "/dist/%2e%2e/%2e%2e/secret.txt",
        "/dist/..%2f..%2fsecret.txt",
        "/%2fetc%2fpasswd",
        "//etc/passwd",
    ] {
        let (status, answer) = raw(&server, target).await;
        assert!(
            status.contains(" 404 ") || status.contains(" 400 "),
            "{target}: {status}"
        );
        assert!(!answer.contains("outside the site"), "{target}: {answer}");
        assert!(!answer.contains("root:"), "{target}: {answer}");
    }
}

#[tokio::test]
async fn a_range_of_a_compressed_body_is_a_range_of_its_bytes() {
    let site = Site::new();
    let server = serving(&site.dir).await;
    let br = site.read("main.js.br");
    let (status, headers, body) = parts(
        get(
            &server,
            "/main.js",
            &[("accept-encoding", "br"), ("range", "bytes=0-3")],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, br[..4]);
    assert_eq!(text(&headers, header::CONTENT_ENCODING), Some("br"));
    assert_eq!(
        text(&headers, header::CONTENT_RANGE),
        Some(format!("bytes 0-3/{}", br.len()).as_str())
    );
    let etag = file_headers(&headers, "no-cache");

    // If-Range with the body's ETag: the range; with another: the whole body.
    let (status, _, body) = parts(
        get(
            &server,
            "/main.js",
            &[
                ("accept-encoding", "br"),
                ("range", "bytes=4-"),
                ("if-range", &etag),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, br[4..]);
    let (status, headers, body) = parts(
        get(
            &server,
            "/main.js",
            &[
                ("accept-encoding", "br"),
                ("range", "bytes=4-"),
                ("if-range", "\"stale\""),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, br);
    assert_eq!(text(&headers, header::ETAG), Some(etag.as_str()));
}
