//! The configuration file: Unblu properties at the top level (exactly `baton-core`'s
//! `Config`, so a bank's settings carry over), and the server's own tables `[jwt]`,
//! `[smtp]`, `[sessions]`, `[limits]`, `[deliveries]`, `[webhooks]`, `[server]`,
//! `[storage]`, `[presence]` and `[web_push]`. Unknown keys are refused everywhere.
//!
//! ```toml
//! "com.unblu.messenger.enableDeputyDelegation" = true
//! [texts.de]
//! "com.unblu.conversation.message.deputyDelegationPromptMessage" = "..."
//! [jwt]
//! hs256_secret = "..."   # or rs256_public_key_pem / eddsa_public_key_pem
//! issuer = "https://bank.example"
//! audience = "baton"
//! [deliveries]
//! max_attempts = 10        # then an e-mail or webhook is parked as failed
//! max_delay_seconds = 600  # backoff cap between attempts
//! claim_seconds = 120      # a crashed instance's claimed items go to the others after this
//! [server]
//! public_url = "https://chat.bank.example"
//! visitor_account = "bank"   # where new JWT-signed visitors are registered
//! allowed_origins = ["https://www.bank.example"]   # pages on other origins (CORS)
//! [storage]
//! durability = "power-loss"   # or "process-crash": faster commits, lost on power loss
//! [presence]
//! grace_seconds = 60   # an agent is OFFLINE this long after their last desk closed
//! [web_push]
//! subject = "mailto:operations@bank.example"   # VAPID contact; key generated unless set
//! ```

use std::path::{Path, PathBuf};

use baton_core::Config;
use baton_core::config::ConfigError;
use ipnet::IpNet;
use serde::Deserialize;

use crate::auth::jwt::JwtSettings;
use crate::auth::session::SessionSettings;
use crate::limits::LimitSettings;
use crate::mail::{SmtpSettings, SmtpTls};
use crate::outbox::RetryPolicy;
use crate::presence::PresenceSettings;
use crate::push::PushSettings;

/// The longest `[web_push] ttl_seconds`: the VAPID token of each push expires with its TTL,
/// and push services refuse tokens valid for more than 24 hours (RFC 8292).
const MAX_PUSH_TTL_SECONDS: u64 = 24 * 60 * 60;
use crate::store::StorageSettings;
use crate::webhooks::WebhookSettings;

/// The server's own settings (`[server]`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSection {
    /// Where visitors reach the server, for links in e-mails (default: the listen address).
    pub public_url: Option<String>,
    /// Mark the session cookie `Secure` (sent over HTTPS only). Default: on, except when the
    /// server listens on a loopback address or runs with `--demo` (plain HTTP on one machine).
    pub secure_cookies: Option<bool>,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// The account visitors signed in by the bank's JWT are registered in on their first
    /// sign-in. Without it, new visitors are refused (with `--demo`: the demo bank's account).
    pub visitor_account: Option<String>,
    /// Other origins whose pages may call this server with their visitors' and agents'
    /// cookies (CORS with credentials), e.g. `["https://www.bank.example"]` when the widget's
    /// page and Baton are on different hosts of the same site. Empty: same origin only.
    pub allowed_origins: Vec<String>,
    /// This instance's name among those sharing a database, stable across its restarts (it
    /// names the outbox items it claims). Default: the host name and the listen address.
    pub instance_id: Option<String>,
    /// Proxies in front of the server (CIDR blocks, e.g. `["10.0.0.0/8", "fd00::/8"]`): only
    /// from these are `Forwarded` / `X-Forwarded-For` believed when the limits ask who the
    /// client is. Empty (default): every client is its TCP peer.
    #[serde(deserialize_with = "cidr_blocks")]
    pub trusted_proxies: Vec<IpNet>,
    /// The file holding the key PINs and link tokens are digested with before they are
    /// recorded (created on first start, owner-only). Default: the database's path with
    /// `.token-key` appended. Keep it out of database backups; instances sharing a database
    /// share it.
    pub token_key_file: Option<PathBuf>,
}

/// A list of CIDR blocks; a single address is its own block (`/32`, `/128`).
fn cidr_blocks<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<IpNet>, D::Error> {
    Vec::<String>::deserialize(deserializer)?
        .iter()
        .map(|block| {
            block
                .parse::<IpNet>()
                .or_else(|_| block.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    serde::de::Error::custom(format!(
                        "trusted_proxies: {block:?} is not an address or CIDR block"
                    ))
                })
        })
        .collect()
}

impl Default for ServerSection {
    fn default() -> Self {
        Self {
            public_url: None,
            secure_cookies: None,
            max_body_bytes: 64 * 1024,
            visitor_account: None,
            allowed_origins: Vec::new(),
            instance_id: None,
            trusted_proxies: Vec::new(),
            token_key_file: None,
        }
    }
}

/// Everything configurable.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// The domain's settings, under Unblu's property names.
    pub properties: Config,
    /// How visitors' JWTs are verified; without it `loginWithSecureToken` is refused.
    pub jwt: Option<JwtSettings>,
    /// How e-mail leaves; without it mails wait in the outbox.
    pub smtp: Option<SmtpSettings>,
    /// Session lifetime.
    pub sessions: SessionSettings,
    /// Per-client limits on failed PIN and link attempts.
    pub limits: LimitSettings,
    /// How failed e-mails and webhooks are retried before they are parked.
    pub deliveries: RetryPolicy,
    /// Where webhooks may be delivered.
    pub webhooks: WebhookSettings,
    /// The server's own settings.
    pub server: ServerSection,
    /// How the database keeps what was acknowledged.
    pub storage: StorageSettings,
    /// How presence follows the desk.
    pub presence: PresenceSettings,
    /// Web push to agents' devices.
    pub web_push: PushSettings,
}

/// Why the settings cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file cannot be read.
    #[error("reading {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown or mistyped keys.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A value is out of range.
    #[error(transparent)]
    Invalid(#[from] ConfigError),
    /// `[deliveries] claim_seconds` is shorter than one attempt may take.
    #[error(
        "[deliveries] claim_seconds = {0}: a claim must outlast one attempt, at least {min} s",
        min = crate::outbox::MIN_CLAIM_SECONDS
    )]
    ClaimTooShort(u64),
    /// `[web_push] ttl_seconds` is outside what a VAPID token may cover.
    #[error(
        "[web_push] ttl_seconds = {0}: from 60 to {MAX_PUSH_TTL_SECONDS} (a VAPID token lives at most a day)"
    )]
    PushTtl(u64),
    /// The `--smtp` URL cannot be used.
    #[error("--smtp {0}")]
    SmtpUrl(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServerTables {
    jwt: Option<JwtSettings>,
    smtp: Option<SmtpSettings>,
    #[serde(default)]
    sessions: SessionSettings,
    #[serde(default)]
    limits: LimitSettings,
    #[serde(default)]
    deliveries: RetryPolicy,
    #[serde(default)]
    webhooks: WebhookSettings,
    #[serde(default)]
    server: ServerSection,
    #[serde(default)]
    storage: StorageSettings,
    #[serde(default)]
    presence: PresenceSettings,
    #[serde(default)]
    web_push: PushSettings,
}

const SERVER_TABLES: [&str; 10] = [
    "jwt",
    "smtp",
    "sessions",
    "limits",
    "deliveries",
    "webhooks",
    "server",
    "storage",
    "presence",
    "web_push",
];

impl Settings {
    /// Reads the configuration file, or the defaults without one.
    pub fn load(path: Option<&Path>) -> Result<Self, SettingsError> {
        let Some(path) = path else {
            return Ok(Self::default());
        };
        let text = std::fs::read_to_string(path).map_err(|source| SettingsError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text).map_err(|e| match e {
            SettingsError::Parse { message, .. } => SettingsError::Parse {
                path: path.display().to_string(),
                message,
            },
            other => other,
        })
    }

    /// Parses the configuration from TOML text.
    pub fn parse(text: &str) -> Result<Self, SettingsError> {
        let parse_error = |e: toml::de::Error| SettingsError::Parse {
            path: String::new(),
            message: e.to_string(),
        };
        let mut table: toml::Table = toml::from_str(text).map_err(parse_error)?;
        let mut server = toml::Table::new();
        for name in SERVER_TABLES {
            if let Some(value) = table.remove(name) {
                server.insert(name.to_owned(), value);
            }
        }
        let tables: ServerTables = server.try_into().map_err(parse_error)?;
        let properties: Config = table.try_into().map_err(parse_error)?;
        properties.validate()?;
        if !(60..=MAX_PUSH_TTL_SECONDS).contains(&tables.web_push.ttl_seconds) {
            return Err(SettingsError::PushTtl(tables.web_push.ttl_seconds));
        }
        if tables.deliveries.claim_seconds < crate::outbox::MIN_CLAIM_SECONDS {
            return Err(SettingsError::ClaimTooShort(
                tables.deliveries.claim_seconds,
            ));
        }
        Ok(Self {
            properties,
            jwt: tables.jwt,
            smtp: tables.smtp,
            sessions: tables.sessions,
            limits: tables.limits,
            deliveries: tables.deliveries,
            webhooks: tables.webhooks,
            server: tables.server,
            storage: tables.storage,
            presence: tables.presence,
            web_push: tables.web_push,
        })
    }

    /// Applies `--smtp smtp[s]://[user:password@]host[:port][?tls=none|starttls|tls][&from=...]`.
    pub fn use_smtp_url(&mut self, url: &str) -> Result<(), SettingsError> {
        let bad = |why: &str| {
            SettingsError::SmtpUrl(format!(
                "{why} (expected smtp://[user:password@]host[:port])"
            ))
        };
        let parsed = url::Url::parse(url).map_err(|e| bad(&format!("is not a URL: {e}")))?;
        let mut tls = match parsed.scheme() {
            "smtp" => SmtpTls::Starttls,
            "smtps" => SmtpTls::Tls,
            _ => return Err(bad("must start with smtp:// or smtps://")),
        };
        let host = match parsed.host() {
            Some(url::Host::Domain(name)) if !name.is_empty() => name.to_owned(),
            Some(url::Host::Ipv4(address)) => address.to_string(),
            Some(url::Host::Ipv6(address)) => address.to_string(),
            _ => return Err(bad("has no host")),
        };
        let mut from = format!("Baton <baton@{host}>");
        for (name, value) in parsed.query_pairs() {
            match (name.as_ref(), value.as_ref()) {
                ("tls", "none") => tls = SmtpTls::None,
                ("tls", "starttls") => tls = SmtpTls::Starttls,
                ("tls", "tls") => tls = SmtpTls::Tls,
                ("from", value) => from = value.to_owned(),
                _ => return Err(bad("has an unknown parameter")),
            }
        }
        // A password may hold any character, percent-encoded as RFC 3986 asks.
        let decoded = |text: &str| {
            percent_encoding::percent_decode_str(text)
                .decode_utf8()
                .map(|t| t.into_owned())
                .map_err(|_| bad("has credentials that are not UTF-8 once decoded"))
        };
        let (username, password) = match (parsed.username(), parsed.password()) {
            ("", None) => (None, None),
            (user, Some(password)) if !user.is_empty() => {
                (Some(decoded(user)?), Some(decoded(password)?))
            }
            _ => return Err(bad("has a user but no password")),
        };
        self.smtp = Some(SmtpSettings {
            host,
            port: parsed.port(),
            username,
            password,
            tls,
            from,
            helo_name: None,
            sent_body_retention_seconds: 0,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unblu_properties_sit_at_the_top_level_beside_the_server_tables() {
        let settings = Settings::parse(
            r#"
            "com.unblu.messenger.enableDeputyDelegation" = true
            "com.unblu.conversation.invitation.level1EscalationTimeoutSeconds" = 5
            [texts.de]
            "com.unblu.conversation.message.deputyDelegationPromptReplyAccept" = "Ja"
            [jwt]
            hs256_secret = "0123456789abcdef0123456789abcdef"
            issuer = "bank"
            audience = "baton"
            [server]
            secure_cookies = true
            visitor_account = "bank"
            trusted_proxies = ["10.0.0.0/8", "2001:db8::1"]
            "#,
        )
        .unwrap();
        assert!(settings.properties.messenger_enable_deputy_delegation);
        assert_eq!(settings.properties.level1_escalation_timeout_seconds, 5);
        assert_eq!(
            settings.properties.texts.get(
                baton_core::text::TextKey::DeputyDelegationPromptReplyAccept,
                "de"
            ),
            "Ja"
        );
        assert_eq!(settings.jwt.unwrap().issuer, "bank");
        assert_eq!(settings.server.secure_cookies, Some(true));
        assert_eq!(settings.server.visitor_account.as_deref(), Some("bank"));
        assert_eq!(
            settings.server.trusted_proxies,
            [
                "10.0.0.0/8".parse().unwrap(),
                "2001:db8::1/128".parse().unwrap()
            ]
        );
    }

    #[test]
    fn durability_is_power_loss_unless_the_storage_table_says_process_crash() {
        use crate::store::Durability;
        assert_eq!(
            Settings::parse("").unwrap().storage.durability,
            Durability::PowerLoss
        );
        let settings = Settings::parse("[storage]\ndurability = \"process-crash\"").unwrap();
        assert_eq!(settings.storage.durability, Durability::ProcessCrash);
        assert!(Settings::parse("[storage]\ndurability = \"never\"").is_err());
    }

    #[test]
    fn a_trusted_proxy_that_is_no_address_is_refused() {
        let error = Settings::parse("[server]\ntrusted_proxies = [\"proxy.local\"]").unwrap_err();
        assert!(error.to_string().contains("proxy.local"), "{error}");
    }

    #[test]
    fn a_misspelt_key_is_refused_with_its_name() {
        let error =
            Settings::parse(r#""com.unblu.messenger.enableDeputyDelegaton" = true"#).unwrap_err();
        assert!(
            error.to_string().contains("enableDeputyDelegaton"),
            "{error}"
        );
        assert!(Settings::parse("[server]\nsecure_cookie = true").is_err());
    }

    #[test]
    fn a_claim_shorter_than_one_attempt_is_refused() {
        let error = Settings::parse("[deliveries]\nclaim_seconds = 5").unwrap_err();
        assert!(matches!(error, SettingsError::ClaimTooShort(5)), "{error}");
        let settings = Settings::parse("[deliveries]\nclaim_seconds = 15").unwrap();
        assert_eq!(settings.deliveries.claim_seconds, 15);
    }

    #[test]
    fn an_invalid_value_is_refused() {
        let error = Settings::parse(
            r#""com.unblu.core.push_notification.deputyDelegationAvailableNotificationActions" = ["ACCEPT"]"#,
        )
        .unwrap_err();
        assert!(matches!(error, SettingsError::Invalid(_)));
    }

    #[test]
    fn the_smtp_url_gives_host_port_credentials_and_tls() {
        let mut settings = Settings::default();
        settings
            .use_smtp_url("smtp://mailer:secret@127.0.0.1:2525?tls=none")
            .unwrap();
        let smtp = settings.smtp.unwrap();
        assert_eq!((smtp.host.as_str(), smtp.port), ("127.0.0.1", Some(2525)));
        assert_eq!(smtp.username.as_deref(), Some("mailer"));
        assert_eq!(smtp.tls, SmtpTls::None);
        let mut settings = Settings::default();
        assert!(settings.use_smtp_url("http://x").is_err());
        assert!(settings.use_smtp_url("smtp://x:notaport").is_err());
        assert!(
            settings.use_smtp_url("smtp://user@x").is_err(),
            "a user without password"
        );
        assert!(settings.use_smtp_url("smtp://x?tls=maybe").is_err());
    }

    #[test]
    fn smtp_credentials_are_percent_decoded_and_ipv6_hosts_understood() {
        let mut settings = Settings::default();
        settings
            .use_smtp_url("smtps://mailer%40bank.example:p%40ss%3Aw%2Frd@[2001:db8::25]:465?from=Bank%20%3Cno-reply%40bank.example%3E")
            .unwrap();
        let smtp = settings.smtp.unwrap();
        assert_eq!(smtp.username.as_deref(), Some("mailer@bank.example"));
        assert_eq!(smtp.password.as_deref(), Some("p@ss:w/rd"));
        assert_eq!((smtp.host.as_str(), smtp.port), ("2001:db8::25", Some(465)));
        assert_eq!(smtp.tls, SmtpTls::Tls);
        assert_eq!(smtp.from, "Bank <no-reply@bank.example>");
    }
}
