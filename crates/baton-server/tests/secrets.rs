//! Secrets at rest: the database keeps no PIN or link token in clear. The log holds keyed
//! digests, an e-mail's link leaves the outbox with the mail, a log written before digests is
//! migrated on start, and the key stays outside the database. Each test searches the
//! database's files byte for byte, as someone holding a copy of them would.

use crate::common;

use baton_core::demo;
use baton_server::mail::{SmtpSettings, SmtpTls};
use common::{TestServer, WAIT, eventually, ok, settings, smtp_receiver};
use reqwest::Method;
use serde_json::{Value, json};

const V4: &str = "/app/rest/v4";

/// Settings with 10-digit PINs (so that no PIN turns up by chance among the digits of the
/// log's timestamps) and mail sent to `smtp_port`.
fn with_mail(smtp_port: u16) -> baton_server::settings::Settings {
    let mut settings = settings(|config| config.pin_length = 10);
    settings.smtp = Some(SmtpSettings {
        host: "127.0.0.1".into(),
        port: Some(smtp_port),
        username: None,
        password: None,
        tls: SmtpTls::None,
        from: "baton@bank.example".into(),
        helo_name: None,
        sent_body_retention_seconds: 0,
    });
    settings
}

async fn invite(server: &TestServer, how: &str, body: Value) -> Value {
    ok(server
        .agent(demo::ANNA, Method::POST, &format!("{V4}/invitations/{how}"))
        .json(&body))
    .await
}

fn for_vera() -> Value {
    json!({"conversationId": demo::VERA_AND_ANNA})
}

/// The database's files (the database and its write-ahead log) after a checkpoint: what a
/// copy of them holds.
async fn database_bytes(server: &TestServer) -> Vec<u8> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(server.app().runtime.store().pool())
        .await
        .unwrap();
    let mut bytes = std::fs::read(server.database_file()).unwrap();
    let mut wal = server.database_file().as_os_str().to_owned();
    wal.push("-wal");
    bytes.extend(std::fs::read(wal).unwrap_or_default());
    bytes
}

fn holds(bytes: &[u8], secret: &str) -> bool {
    bytes
        .windows(secret.len())
        .any(|window| window == secret.as_bytes())
}

/// The token in a join link (`…#invitation=…&token=…`) of a quoted-printable mail.
fn token_in(mail: &str) -> String {
    let text = mail.replace("=\n", "").replace("=3D", "=");
    let start = text.find("&token=").expect("a join link") + "&token=".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[tokio::test]
async fn no_pin_or_link_token_is_kept_in_clear_anywhere_in_the_database() {
    let (smtp_port, mut mails) = smtp_receiver().await;
    let server = TestServer::on_sqlite(with_mail(smtp_port)).await;

    let pin = invite(
        &server,
        "inviteAnonymousVisitorToConversationWithPin",
        for_vera(),
    )
    .await;
    let first_pin = pin["token"].as_str().unwrap().to_owned();
    let renewed = ok(server.agent(
        demo::ANNA,
        Method::POST,
        &format!("{V4}/invitations/{}/renewPin", pin["id"].as_str().unwrap()),
    ))
    .await;
    let renewed_pin = renewed["token"].as_str().unwrap().to_owned();
    assert_eq!(renewed_pin.len(), 10);
    let link = invite(
        &server,
        "inviteAnonymousVisitorToConversationWithLink",
        for_vera(),
    )
    .await;
    let link_url = link["links"][0]["url"].as_str().unwrap();
    let link_token = link_url.rsplit("token=").next().unwrap().to_owned();
    let mailed = invite(
        &server,
        "inviteAnonymousVisitorToConversationWithEmail",
        json!({"conversationId": demo::VERA_AND_ANNA, "email": "walter@example.org"}),
    )
    .await;
    assert_eq!(
        mailed["token"],
        Value::Null,
        "the e-mail's token is not answered"
    );
    let mail = tokio::time::timeout(WAIT, mails.recv())
        .await
        .expect("the mail arrives")
        .unwrap();
    let mailed_token = token_in(&mail);
    assert_eq!(mailed_token.len(), 22, "{mail}");

    // Sent: the outbox keeps the mail's subject and recipient, not its body with the link.
    let mailer = &server.app().mailer;
    eventually("the sent mail's body to be removed", || async {
        let outbox = mailer.outbox(10).await.ok()?;
        outbox
            .iter()
            .all(|m| m.finished_at.is_some() && m.mail.body.is_empty())
            .then_some(())
    })
    .await;

    let stored = database_bytes(&server).await;
    for (what, secret) in [
        ("the first PIN", &first_pin),
        ("the renewed PIN", &renewed_pin),
        ("the shared link's token", &link_token),
        ("the e-mailed link's token", &mailed_token),
    ] {
        assert!(!holds(&stored, secret), "the database holds {what}");
    }
    assert!(
        holds(&stored, "hmac-sha256:"),
        "the log keeps the digests instead"
    );

    // The digests still do their work: the tokens redeem, the replaced PIN does not.
    let redeem_pin = |pin: &str| {
        server
            .anonymous(Method::POST, "/baton/v1/redeem/pin")
            .json(&json!({"$_type": "BatonRedeemPinBody", "pin": pin}))
    };
    assert_eq!(
        redeem_pin(&first_pin).send().await.unwrap().status(),
        400,
        "a replaced PIN is wrong"
    );
    assert_eq!(redeem_pin(&renewed_pin).send().await.unwrap().status(), 200);
    let redeem_link = |invitation: &Value, token: &str| {
        server
            .anonymous(Method::POST, "/baton/v1/redeem/link")
            .json(&json!({
                "$_type": "BatonRedeemLinkBody",
                "invitationId": invitation["id"],
                "token": token
            }))
    };
    for (invitation, token) in [(&link, &link_token), (&mailed, &mailed_token)] {
        assert_eq!(
            redeem_link(invitation, token)
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
    }
}

#[tokio::test]
async fn a_log_written_before_digests_is_migrated_on_start_and_its_pins_still_work() {
    let mut server = TestServer::on_sqlite(settings(|config| config.pin_length = 10)).await;
    let pin = invite(
        &server,
        "inviteAnonymousVisitorToConversationWithPin",
        for_vera(),
    )
    .await;
    let clear_pin = pin["token"].as_str().unwrap().to_owned();
    server.stop().await;

    // What an older Baton wrote: the PIN itself in the invitation's event.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", server.database_file().display()))
        .await
        .unwrap();
    let (seq, payload): (i64, String) = sqlx::query_as(
        "SELECT seq, payload FROM events WHERE kind = 'InvitationCreated' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let mut event: Value = serde_json::from_str(&payload).unwrap();
    assert!(
        event["invitation"]["token"]
            .as_str()
            .unwrap()
            .starts_with("hmac-sha256:")
    );
    event["invitation"]["token"] = Value::from(clear_pin.as_str());
    sqlx::query("UPDATE events SET payload = ? WHERE seq = ?")
        .bind(event.to_string())
        .bind(seq)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    server
        .restart(settings(|config| config.pin_length = 10))
        .await;
    let migrated: String = sqlx::query_scalar("SELECT payload FROM events WHERE seq = ?")
        .bind(seq)
        .fetch_one(server.app().runtime.store().pool())
        .await
        .unwrap();
    assert!(!migrated.contains(&clear_pin), "{migrated}");
    assert!(migrated.contains("hmac-sha256:"), "{migrated}");
    assert!(!holds(&database_bytes(&server).await, &clear_pin));
    let redeemed = server
        .anonymous(Method::POST, "/baton/v1/redeem/pin")
        .json(&json!({"$_type": "BatonRedeemPinBody", "pin": clear_pin}))
        .send()
        .await
        .unwrap();
    assert_eq!(redeemed.status(), 200, "the PIN issued before still joins");
}

#[tokio::test]
async fn the_key_lives_beside_the_database_readable_by_its_owner_only() {
    let server = TestServer::on_sqlite(settings(|_| {})).await;
    let mut key_file = server.database_file().as_os_str().to_owned();
    key_file.push(".token-key");
    let metadata = std::fs::metadata(&key_file).expect("the key file");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(metadata.permissions().mode() & 0o777, 0o600);
    }
    let key = std::fs::read_to_string(&key_file).unwrap();
    assert!(
        !holds(&database_bytes(&server).await, key.trim()),
        "the database does not hold its key"
    );
}
