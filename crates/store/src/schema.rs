//! Versioned schema and migrations.
//!
//! The schema version lives in SQLite's `PRAGMA user_version`; `schema_migrations` keeps a log
//! of the steps applied and when. Opening a store runs every step newer than the file's version,
//! in order, inside one `BEGIN IMMEDIATE` transaction, so a failed step leaves the file as it
//! was and two processes opening a new file at once do not both migrate it.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, InternalError, Result, UserError};

/// `PRAGMA application_id` of a sitrep store: the bytes `sitr`.
pub(crate) const APPLICATION_ID: i32 = 0x7369_7472;

/// One step of the schema history.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Migration {
    /// The version the store has after this step.
    pub(crate) version: u32,
    /// A name for logs and errors (the file name without `.sql`).
    pub(crate) name: &'static str,
    /// The SQL to run.
    pub(crate) sql: &'static str,
}

/// Every migration, oldest first. Released steps are frozen; add new ones at the end.
pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "0001_init",
    sql: include_str!("../migrations/0001_init.sql"),
}];

/// The schema version this binary writes.
pub const LATEST_SCHEMA_VERSION: u32 = latest(MIGRATIONS);

const fn latest(steps: &[Migration]) -> u32 {
    match steps.last() {
        Some(m) => m.version,
        None => 0,
    }
}

/// Reads `PRAGMA user_version`.
pub(crate) fn user_version(conn: &Connection) -> Result<u32> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    u32::try_from(v)
        .map_err(|_| InternalError::Corrupt(format!("negative schema version {v}")).into())
}

/// Brings the store up to the newest version in `steps`; returns the version it ended at.
pub(crate) fn migrate(conn: &mut Connection, steps: &[Migration]) -> Result<u32> {
    let supported = latest(steps);
    // A cheap check first, outside any write lock.
    let found = user_version(conn)?;
    check_known(found, supported)?;
    if found == supported {
        check_application_id(conn, found)?;
        return Ok(found);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read again under the write lock: another process may have migrated meanwhile.
    let found = user_version(&tx)?;
    check_known(found, supported)?;
    if found == 0 {
        let tables: i64 = tx.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 {
            return Err(UserError::NotAStore(format!(
                "the database has {tables} tables or indexes but no sitrep schema version"
            ))
            .into());
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    } else {
        check_application_id(&tx, found)?;
    }
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL
         )",
    )?;
    for step in steps.iter().filter(|m| m.version > found) {
        let fail = |source| InternalError::Migration {
            version: step.version,
            name: step.name,
            source,
        };
        tx.execute_batch(step.sql).map_err(fail)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at)
             VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (step.version, step.name),
        )
        .map_err(fail)?;
        tx.pragma_update(None, "user_version", step.version)
            .map_err(fail)?;
    }
    tx.commit()?;
    Ok(supported)
}

fn check_known(found: u32, supported: u32) -> Result<()> {
    if found > supported {
        return Err(InternalError::SchemaTooNew { found, supported }.into());
    }
    Ok(())
}

fn check_application_id(conn: &Connection, version: u32) -> Result<()> {
    if version == 0 {
        return Ok(());
    }
    let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if id != APPLICATION_ID {
        return Err(Error::User(UserError::NotAStore(format!(
            "application id {id:#x} is not sitrep's ({APPLICATION_ID:#x})"
        ))));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v2() -> Vec<Migration> {
        let mut steps = MIGRATIONS.to_vec();
        steps.push(Migration {
            version: LATEST_SCHEMA_VERSION + 1,
            name: "9999_test_step",
            sql: "CREATE TABLE stances (article_id TEXT NOT NULL REFERENCES articles (id)
                      ON DELETE CASCADE, stance TEXT NOT NULL);
                  ALTER TABLE articles ADD COLUMN stance_count INTEGER NOT NULL DEFAULT 0;",
        });
        steps
    }

    #[test]
    fn versions_are_consecutive_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1, "{}", m.name);
            assert!(m.name.starts_with(&format!("{:04}_", m.version)));
        }
        assert_eq!(LATEST_SCHEMA_VERSION as usize, MIGRATIONS.len());
    }

    #[test]
    fn fresh_database_reaches_latest_and_logs_steps() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(
            migrate(&mut conn, MIGRATIONS).unwrap(),
            LATEST_SCHEMA_VERSION
        );
        assert_eq!(user_version(&conn).unwrap(), LATEST_SCHEMA_VERSION);
        let logged: i64 = conn
            .query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))
            .unwrap();
        assert_eq!(logged as usize, MIGRATIONS.len());
        // Idempotent.
        assert_eq!(
            migrate(&mut conn, MIGRATIONS).unwrap(),
            LATEST_SCHEMA_VERSION
        );
    }

    #[test]
    fn v1_migrates_forward_and_keeps_rows() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        conn.execute(
            "INSERT INTO articles (id, body, ingested_at, record) VALUES ('a1', 'b', 't', '{}')",
            [],
        )
        .unwrap();
        let steps = v2();
        assert_eq!(
            migrate(&mut conn, &steps).unwrap(),
            LATEST_SCHEMA_VERSION + 1
        );
        let n: i64 = conn
            .query_row(
                "SELECT stance_count FROM articles WHERE id = 'a1'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0);
        // The binary that only knows the older schema now refuses the file.
        let err = migrate(&mut conn, MIGRATIONS).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Internal(InternalError::SchemaTooNew { found, supported })
                    if found == LATEST_SCHEMA_VERSION + 1 && supported == LATEST_SCHEMA_VERSION
            ),
            "{err}"
        );
    }

    #[test]
    fn failed_step_leaves_previous_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, MIGRATIONS).unwrap();
        let mut steps = MIGRATIONS.to_vec();
        steps.push(Migration {
            version: LATEST_SCHEMA_VERSION + 1,
            name: "9999_broken",
            sql: "CREATE TABLE half_done (x); SELECT no_such_function();",
        });
        let err = migrate(&mut conn, &steps).unwrap_err();
        assert!(matches!(
            err,
            Error::Internal(InternalError::Migration {
                name: "9999_broken",
                ..
            })
        ));
        assert_eq!(user_version(&conn).unwrap(), LATEST_SCHEMA_VERSION);
        let half: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(half, 0);
    }

    #[test]
    fn foreign_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE notes (x TEXT)").unwrap();
        let err = migrate(&mut conn, MIGRATIONS).unwrap_err();
        assert!(matches!(err, Error::User(UserError::NotAStore(_))), "{err}");

        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA user_version = 1").unwrap();
        let err = migrate(&mut conn, MIGRATIONS).unwrap_err();
        assert!(matches!(err, Error::User(UserError::NotAStore(_))), "{err}");
    }
}
