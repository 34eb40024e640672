//! Token digests at rest: the key PINs and link tokens are digested with before anything is
//! recorded, and the migration of logs written before digests, which held them in clear.
//!
//! The key lives in a file outside the database (`[server] token_key_file`, default: the
//! database's path with `.token-key` appended), created with 32 random bytes on first start
//! and readable by its owner only, so a copy of the database alone cannot test PINs offline.
//! Instances sharing a database must share the file. Losing it makes only the PINs and links
//! still open unusable (the inviter renews them). The domain never sees the key's source; it
//! receives the key like its configuration (`State::with_token_key`).

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use baton_core::invitation::{TokenDigest, TokenKey};
use serde_json::Value;
use sqlx::Row;

use crate::database::{Location, Pool};
use crate::secrets;

/// Why the key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum TokenKeyError {
    /// The database is PostgreSQL and `[server] token_key_file` is not set.
    #[error(
        "with PostgreSQL, set [server] token_key_file: every instance must read the same key \
         (a file of 32 random bytes, created by the first instance to start)"
    )]
    NotConfigured,
    /// The file could not be read or created.
    #[error("token key file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// The file holds something other than 32 bytes in base64url.
    #[error("token key file {0}: not 32 bytes in base64url (43 characters)")]
    Malformed(PathBuf),
}

/// Where the key is: the configured file, or beside an SQLite database its path with
/// `.token-key` appended. PostgreSQL has no file to put it beside, and every instance must
/// read the same key: it must be configured.
pub fn key_path(database: &Location, configured: Option<&Path>) -> Result<PathBuf, TokenKeyError> {
    match (configured, database.file()) {
        (Some(path), _) => Ok(path.to_path_buf()),
        (None, Some(file)) => {
            let mut path = file.as_os_str().to_owned();
            path.push(".token-key");
            Ok(PathBuf::from(path))
        }
        (None, None) => Err(TokenKeyError::NotConfigured),
    }
}

/// Reads the key at `path`, creating it (owner-only) if there is none yet.
pub fn load_or_create(path: &Path) -> Result<TokenKey, TokenKeyError> {
    let io = |source| TokenKeyError::Io {
        path: path.to_path_buf(),
        source,
    };
    match create(path) {
        Ok(key) => return Ok(key),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(io(e)),
    }
    let text = std::fs::read_to_string(path).map_err(io)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(text.trim())
        .ok()
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .ok_or_else(|| TokenKeyError::Malformed(path.to_path_buf()))?;
    Ok(TokenKey::new(bytes))
}

/// Creates a new key file; fails with `AlreadyExists` if there is one (another instance may
/// have just created it), so an existing key is never replaced.
fn create(path: &Path) -> std::io::Result<TokenKey> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    let bytes = secrets::bytes::<32>();
    writeln!(file, "{}", URL_SAFE_NO_PAD.encode(bytes))?;
    file.sync_all()?;
    Ok(TokenKey::new(bytes))
}

/// Replaces every PIN and link token a log written before digests holds in clear by its
/// digest under `key`, in one transaction; answers how many events were rewritten. Logs
/// without such events (every log written since) are only scanned.
pub async fn migrate_clear_tokens(pool: &Pool, key: &TokenKey) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let rows = sqlx::query(
        "SELECT seq, payload FROM events
         WHERE kind IN ('InvitationCreated', 'PinRenewed')
           AND (payload LIKE '%\"token\":\"%' OR payload LIKE '%\"pin\":\"%')",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut rewritten = 0;
    for row in rows {
        let seq: i64 = row.get("seq");
        let payload: &str = row.get("payload");
        let Ok(mut event) = serde_json::from_str::<Value>(payload) else {
            continue;
        };
        let slot = match event.get("type").and_then(Value::as_str) {
            Some("InvitationCreated") => event.pointer_mut("/invitation/token"),
            Some("PinRenewed") => event.pointer_mut("/pin"),
            _ => None,
        };
        let Some(slot) = slot else { continue };
        let Some(clear) = slot.as_str().filter(|t| TokenDigest::parse(t).is_none()) else {
            continue;
        };
        *slot = Value::String(key.digest(clear).to_string());
        sqlx::query("UPDATE events SET payload = $1 WHERE seq = $2")
            .bind(event.to_string())
            .bind(seq)
            .execute(&mut *tx)
            .await?;
        rewritten += 1;
    }
    tx.commit().await?;
    Ok(rewritten)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_key_is_created_once_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = key_path(&Location::File(dir.path().join("data/baton.db")), None).unwrap();
        assert_eq!(path, dir.path().join("data/baton.db.token-key"));
        let created = load_or_create(&path).unwrap();
        let read = load_or_create(&path).unwrap();
        assert_eq!(created, read);
        assert_eq!(created.digest("123456"), read.digest("123456"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_malformed_key_file_is_refused_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, "not a key").unwrap();
        assert!(matches!(
            load_or_create(&path),
            Err(TokenKeyError::Malformed(_))
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "not a key");
    }

    #[test]
    fn postgres_has_no_file_to_put_the_key_beside() {
        assert!(matches!(
            key_path(&Location::parse("postgres://db/baton"), None),
            Err(TokenKeyError::NotConfigured)
        ));
    }

    #[test]
    fn a_configured_path_wins() {
        let configured = Path::new("/etc/baton/token-key");
        assert_eq!(
            key_path(&Location::parse("baton.db"), Some(configured)).unwrap(),
            configured
        );
    }
}
