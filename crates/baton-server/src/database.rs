//! The database the server keeps everything in: an SQLite file (the default, one instance) or
//! PostgreSQL (`postgres://…`, shared by several instances), through sqlx's `Any` driver, so
//! that every other module writes its SQL once: `$1` placeholders and the SQL both engines
//! accept.
//!
//! What differs between the engines lives here and nowhere else: parsing `--database`,
//! connecting (SQLite's pragmas), the migrations (one folder per engine), and how a writing
//! transaction begins. Which tables exist and what they hold is each owner module's.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::postgres::PgListener;
use sqlx::{Any, AnyPool, Executor, Transaction};

use crate::store::{Durability, StoreError};

/// The PostgreSQL channel an append notifies on commit.
pub const LOG_CHANNEL: &str = "baton_log";

/// The connection pool of either engine.
pub type Pool = AnyPool;

/// Where the database is (`--database`, `BATON_DATABASE`): a PostgreSQL URL, or else the path
/// of an SQLite file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file, created when missing.
    File(PathBuf),
    /// A PostgreSQL database (`postgres://` or `postgresql://`).
    Postgres(String),
}

impl Location {
    /// `postgres://…` and `postgresql://…` are PostgreSQL; anything else is a file path.
    pub fn parse(text: &str) -> Self {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Self::Postgres(text.to_owned())
        } else {
            Self::File(PathBuf::from(text))
        }
    }

    /// The SQLite file, if that is where the database is.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Self::File(path) => Some(path),
            Self::Postgres(_) => None,
        }
    }

    /// What to name in logs: the file, or the URL without its password.
    pub fn display(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Postgres(url) => match url::Url::parse(url) {
                Ok(mut parsed) => {
                    let _ = parsed.set_password(None);
                    parsed.to_string()
                }
                Err(_) => "postgres://…".to_owned(),
            },
        }
    }
}

/// Which engine a pool talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// SQLite: one writer at a time, by the file's lock.
    Sqlite,
    /// PostgreSQL: several instances, rows locked one by one.
    Postgres,
}

/// The clause that lets an outbox claim skip the rows another instance is claiming at that
/// moment (PostgreSQL's `FOR UPDATE SKIP LOCKED`), so instances never wait on each other's
/// deliveries; nothing on SQLite, where the claiming statement holds the one write lock.
pub fn skip_locked(pool: &Pool) -> &'static str {
    if pool
        .connect_options()
        .database_url
        .scheme()
        .starts_with("postgres")
    {
        "FOR UPDATE SKIP LOCKED"
    } else {
        ""
    }
}

/// An open, migrated database.
#[derive(Clone, Debug)]
pub struct Database {
    /// The connections.
    pub pool: Pool,
    /// Their engine.
    pub engine: Engine,
    /// Where it is.
    pub location: Location,
}

impl Database {
    /// Connects to `location` (creating an SQLite file and its folder when missing) and brings
    /// the schema up to date. SQLite commits with `durability`; PostgreSQL's own settings
    /// decide its durability (`synchronous_commit`).
    pub async fn open(location: &Location, durability: Durability) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let (pool, engine) = match location {
            Location::File(path) => (sqlite(path, durability).await?, Engine::Sqlite),
            Location::Postgres(url) => (
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?,
                Engine::Postgres,
            ),
        };
        match engine {
            Engine::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await?,
            Engine::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        Ok(Self {
            pool,
            engine,
            location: location.clone(),
        })
    }

    /// On PostgreSQL, a connection listening to `baton_log`, the channel every append notifies
    /// on commit; `None` on SQLite, which has no notifications.
    pub async fn listen(&self) -> Result<Option<PgListener>, sqlx::Error> {
        let Location::Postgres(url) = &self.location else {
            return Ok(None);
        };
        let mut listener = PgListener::connect(url).await?;
        listener.listen(LOG_CHANNEL).await?;
        Ok(Some(listener))
    }

    /// Begins a transaction that will write: on SQLite it takes the write lock at once, so a
    /// busy database means waiting (busy timeout) rather than a read snapshot another writer
    /// invalidates before the first insert.
    pub async fn begin_writing(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Engine::Postgres => self.pool.begin().await,
        }
    }
}

/// The pool of the SQLite file at `path`: WAL, `durability`'s `synchronous`, a busy timeout,
/// foreign keys, and deleted data zeroed in the file.
async fn sqlite(path: &Path, durability: Durability) -> Result<Pool, StoreError> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|source| StoreError::Folder {
            path: folder.display().to_string(),
            source,
        })?;
    }
    let synchronous = match durability {
        Durability::PowerLoss => "FULL",
        Durability::ProcessCrash => "NORMAL",
    };
    let url = url::Url::from_file_path(std::path::absolute(path).map_err(|source| {
        StoreError::Folder {
            path: path.display().to_string(),
            source,
        }
    })?)
    .map_err(|()| StoreError::Folder {
        path: path.display().to_string(),
        source: std::io::Error::other("not a file path"),
    })?;
    let url = format!("sqlite://{}?mode=rwc", url.path());
    Ok(AnyPoolOptions::new()
        .max_connections(4)
        .after_connect(move |connection, _| {
            Box::pin(async move {
                // What is deleted or overwritten (a sent mail's body, a used link token) is
                // zeroed in the file, not left in free pages for a copy of the database to
                // reveal.
                connection
                    .execute(
                        format!(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; \
                             PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; \
                             PRAGMA secure_delete = ON;"
                        )
                        .as_str(),
                    )
                    .await?;
                Ok(())
            })
        })
        .connect(&url)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_url_is_postgres_and_anything_else_a_file() {
        assert_eq!(
            Location::parse("postgres://baton@db/baton"),
            Location::Postgres("postgres://baton@db/baton".into())
        );
        assert!(matches!(
            Location::parse("postgresql://db/baton"),
            Location::Postgres(_)
        ));
        assert_eq!(
            Location::parse("data/baton.db"),
            Location::File("data/baton.db".into())
        );
        assert_eq!(
            Location::parse("postgres://baton:secret@db:5432/baton").display(),
            "postgres://baton@db:5432/baton"
        );
    }
}
