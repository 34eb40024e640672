//! A web push service on loopback, playing both the push service and the browsers behind it:
//! it hands out devices (a P-256 key pair and an authentication secret each, as a browser's
//! `PushSubscription`), checks every push's VAPID `Authorization` (RFC 8292) with
//! `jsonwebtoken` and its headers (`TTL`, `Topic`, `Urgency`, `Content-Encoding`), and
//! decrypts its body (RFC 8291) with the implementation below, which shares nothing with the
//! server's `web-push-native` but the curve arithmetic (`p256`'s ECDH): HKDF and AES-128-GCM
//! are `ring`'s, the record parsing is written here from the RFC.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use ring::{aead, hkdf};
use serde_json::{Value, json};

/// One push the service accepted, decrypted.
#[derive(Clone, Debug)]
pub struct ReceivedPush {
    /// The device it was for.
    pub device: String,
    /// `Topic`.
    pub topic: Option<String>,
    /// `Urgency`.
    pub urgency: Option<String>,
    /// `TTL`, in seconds.
    pub ttl: u64,
    /// The decrypted message.
    pub message: Value,
}

/// A device's keys, as the browser keeps them.
struct DeviceKeys {
    secret: p256::SecretKey,
    auth: [u8; 16],
}

#[derive(Default)]
struct Shared {
    devices: HashMap<String, DeviceKeys>,
    gone: HashSet<String>,
    received: Vec<ReceivedPush>,
    refused: Vec<String>,
    vapid_key: Option<String>,
}

/// The service.
#[derive(Clone)]
pub struct PushService {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    shared: Arc<Mutex<Shared>>,
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

impl PushService {
    /// Starts the service; pushes are checked against `vapid_public_key` (base64url).
    pub async fn start(vapid_public_key: &str) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Mutex::new(Shared {
            vapid_key: Some(vapid_public_key.to_owned()),
            ..Shared::default()
        }));
        let state = Arc::clone(&shared);
        let audience = origin.clone();
        let app = axum::Router::new().route(
            "/push/{device}",
            axum::routing::post(
                move |Path(device): Path<String>, headers: HeaderMap, body: Bytes| {
                    let state = Arc::clone(&state);
                    let audience = audience.clone();
                    async move { receive(&state, &audience, &device, &headers, &body) }
                },
            ),
        );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { origin, shared }
    }

    /// A new device: its `PushSubscription.toJSON()`, with `locale`.
    pub fn device(&self, locale: Option<&str>) -> Value {
        let secret = p256::SecretKey::random(&mut rand::rngs::OsRng);
        let public = secret.public_key().to_encoded_point(false);
        let auth: [u8; 16] = rand::random();
        let id = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 12]>());
        self.shared
            .lock()
            .unwrap()
            .devices
            .insert(id.clone(), DeviceKeys { secret, auth });
        let mut body = json!({
            "endpoint": format!("{}/push/{id}", self.origin),
            "expirationTime": null,
            "keys": {"p256dh": URL_SAFE_NO_PAD.encode(public.as_bytes()), "auth": URL_SAFE_NO_PAD.encode(auth)}
        });
        if let Some(locale) = locale {
            body["locale"] = json!(locale);
        }
        body
    }

    /// The device id of an endpoint this service handed out.
    pub fn device_of(endpoint: &str) -> String {
        endpoint.rsplit('/').next().unwrap().to_owned()
    }

    /// From now on the service answers 410 Gone for `device`.
    pub fn forget(&self, device: &str) {
        self.shared.lock().unwrap().gone.insert(device.to_owned());
    }

    /// Every push accepted so far.
    pub fn received(&self) -> Vec<ReceivedPush> {
        self.shared.lock().unwrap().received.clone()
    }

    /// Why pushes were refused (a failed check), so far.
    pub fn refused(&self) -> Vec<String> {
        self.shared.lock().unwrap().refused.clone()
    }

    /// Waits up to `wait` until `count` pushes satisfy `matches`; all of them.
    pub async fn wait_for(
        &self,
        wait: Duration,
        count: usize,
        matches: impl Fn(&ReceivedPush) -> bool,
    ) -> Vec<ReceivedPush> {
        let found = super::within(wait, || async {
            let hits: Vec<_> = self.received().into_iter().filter(|p| matches(p)).collect();
            (hits.len() >= count).then_some(hits)
        })
        .await;
        found.unwrap_or_else(|| {
            panic!(
                "not {count} such pushes; received {:#?}, refused {:?}",
                self.received(),
                self.refused()
            )
        })
    }
}

/// Checks and decrypts one push; 201 as push services answer, 410 for a forgotten device,
/// 400 (recorded in `refused`) for a push that fails a check.
fn receive(
    shared: &Mutex<Shared>,
    audience: &str,
    device: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> StatusCode {
    let mut shared = shared.lock().unwrap();
    if shared.gone.contains(device) {
        return StatusCode::GONE;
    }
    let checked = (|| {
        let keys = shared.devices.get(device).ok_or("unknown device")?;
        if header(headers, "content-encoding").as_deref() != Some("aes128gcm") {
            return Err("Content-Encoding is not aes128gcm");
        }
        let ttl: u64 = header(headers, "ttl")
            .and_then(|t| t.parse().ok())
            .ok_or("no TTL")?;
        let vapid = shared.vapid_key.as_deref().ok_or("no key")?;
        check_vapid(
            &header(headers, "authorization").ok_or("no Authorization")?,
            vapid,
            audience,
        )?;
        let plain = decrypt(&keys.secret, &keys.auth, body)?;
        let message: Value = serde_json::from_slice(&plain).map_err(|_| "not JSON")?;
        Ok(ReceivedPush {
            device: device.to_owned(),
            topic: header(headers, "topic"),
            urgency: header(headers, "urgency"),
            ttl,
            message,
        })
    })();
    match checked {
        Ok(push) => {
            shared.received.push(push);
            StatusCode::CREATED
        }
        Err(why) => {
            shared.refused.push(why.to_owned());
            StatusCode::BAD_REQUEST
        }
    }
}

/// RFC 8292: `vapid t=<JWT>, k=<key>`: the key is the server's, the token an ES256 JWT by
/// it for this origin, expiring within a day, with a contact.
fn check_vapid(authorization: &str, key: &str, audience: &str) -> Result<(), &'static str> {
    let rest = authorization.strip_prefix("vapid ").ok_or("not vapid")?;
    let mut token = None;
    let mut k = None;
    for part in rest.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => token = Some(v),
            Some(("k", v)) => k = Some(v),
            _ => {}
        }
    }
    if k != Some(key) {
        return Err("k is not the server's VAPID key");
    }
    let raw = URL_SAFE_NO_PAD.decode(key).map_err(|_| "k not base64url")?;
    if raw.len() != 65 || raw[0] != 4 {
        return Err("k is not an uncompressed P-256 point");
    }
    let decoding = jsonwebtoken::DecodingKey::from_ec_components(
        &URL_SAFE_NO_PAD.encode(&raw[1..33]),
        &URL_SAFE_NO_PAD.encode(&raw[33..65]),
    )
    .map_err(|_| "bad key")?;
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
    validation.set_audience(&[audience]);
    validation.set_required_spec_claims(&["exp", "aud", "sub"]);
    let claims = jsonwebtoken::decode::<Value>(token.ok_or("no t")?, &decoding, &validation)
        .map_err(|_| "the VAPID token does not verify")?
        .claims;
    let exp = claims["exp"].as_u64().ok_or("no exp")?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    if exp > now + 24 * 3600 {
        return Err("the VAPID token lives longer than a day");
    }
    Ok(())
}

/// A length for ring's HKDF output.
struct Len(usize);

impl hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

fn expand(prk: &hkdf::Prk, info: &[u8], len: usize) -> Vec<u8> {
    let mut out = vec![0; len];
    prk.expand(&[info], Len(len))
        .unwrap()
        .fill(&mut out)
        .unwrap();
    out
}

/// RFC 8291 section 3 and RFC 8188: one `aes128gcm` record, as a browser decrypts it.
pub fn decrypt(
    ua_secret: &p256::SecretKey,
    auth: &[u8],
    body: &[u8],
) -> Result<Vec<u8>, &'static str> {
    if body.len() < 21 {
        return Err("shorter than a header");
    }
    let salt = &body[..16];
    let record_size = u32::from_be_bytes(body[16..20].try_into().unwrap()) as usize;
    let id_len = usize::from(body[20]);
    let key_id = body.get(21..21 + id_len).ok_or("truncated key id")?;
    let record = &body[21 + id_len..];
    if id_len != 65 || record.len() > record_size || record.len() < 17 {
        return Err("not one record with a 65-byte key id");
    }
    let as_public =
        p256::PublicKey::from_sec1_bytes(key_id).map_err(|_| "key id is no P-256 point")?;
    let shared = p256::ecdh::diffie_hellman(ua_secret.to_nonzero_scalar(), as_public.as_affine());
    let ua_public = ua_secret.public_key().to_encoded_point(false);
    let prk_key = hkdf::Salt::new(hkdf::HKDF_SHA256, auth).extract(shared.raw_secret_bytes());
    let mut info = b"WebPush: info\0".to_vec();
    info.extend_from_slice(ua_public.as_bytes());
    info.extend_from_slice(key_id);
    let ikm = expand(&prk_key, &info, 32);
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(&ikm);
    let cek = expand(&prk, b"Content-Encoding: aes128gcm\0", 16);
    let nonce = expand(&prk, b"Content-Encoding: nonce\0", 12);
    let key = aead::LessSafeKey::new(aead::UnboundKey::new(&aead::AES_128_GCM, &cek).unwrap());
    let mut data = record.to_vec();
    let plain = key
        .open_in_place(
            aead::Nonce::try_assume_unique_for_key(&nonce).unwrap(),
            aead::Aad::empty(),
            &mut data,
        )
        .map_err(|_| "the record does not decrypt")?;
    // Padding: the last record ends with 0x02 and any zeros after it.
    let end = plain.iter().rposition(|&b| b != 0).ok_or("no delimiter")?;
    if plain[end] != 2 {
        return Err("not the last record's delimiter");
    }
    Ok(plain[..end].to_vec())
}
