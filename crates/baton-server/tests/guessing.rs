//! Guessing is limited wherever a secret is tried, over real HTTP from real loopback
//! addresses: passwords over the sign-in form and HTTP Basic (per username and per client,
//! refused before any hashing), PINs and links (per client and for the whole server, counted
//! before they are tried), and the client behind a trusted proxy; and no feed shows a PIN to
//! guess from.

use crate::common;

use std::net::{IpAddr, Ipv4Addr};

use baton_core::demo;
use common::{TestServer, WAIT, assert_error, ok, settings};
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::json;

const REDEEM_PIN: &str = "/baton/v1/redeem/pin";
const INVITE_WITH_PIN: &str =
    "/app/rest/v4/invitations/inviteAnonymousVisitorToConversationWithPin";
const ANNAS_CONVERSATION: &str = "/app/rest/v4/conversations/conversation-vera-anna/read";

/// An HTTP client whose requests leave from `127.0.0.<last>` (Linux routes all of 127/8 to
/// the loopback interface), so that the server sees another client.
fn client_from(last: u8) -> Client {
    Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)))
        .connect_timeout(WAIT)
        .timeout(WAIT * 3)
        .build()
        .expect("HTTP client")
}

/// `GET /metrics`'s value of `baton_guesses_total` for a kind and outcome.
async fn guesses(server: &TestServer, kind: &str, outcome: &str) -> u64 {
    let text = server
        .admin(Method::GET, "/metrics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let series = format!("baton_guesses_total{{kind=\"{kind}\",outcome=\"{outcome}\"}} ");
    text.lines()
        .find_map(|line| line.strip_prefix(&series)?.parse().ok())
        .unwrap_or_else(|| panic!("{series} missing from\n{text}"))
}

async fn basic(server: &TestServer, from: u8, username: &str, password: &str) -> Response {
    client_from(from)
        .get(format!("{}{ANNAS_CONVERSATION}", server.base))
        .basic_auth(username, Some(password))
        .send()
        .await
        .unwrap()
}

fn assert_limited(response: &Response) {
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&retry), "Retry-After {retry}");
}

#[tokio::test]
async fn wrong_basic_passwords_are_limited_per_username_before_any_hashing() {
    let server = TestServer::demo().await;
    let mut statuses = Vec::new();
    for attempt in 0..30u8 {
        // Ten clients take turns, three wrong passwords each: under any per-client limit.
        let response = basic(&server, 10 + attempt % 10, demo::ANNA, "wrong").await;
        if attempt >= 10 {
            assert_limited(&response);
        }
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses[..10], [401; 10]);
    assert_eq!(guesses(&server, "password", "failed").await, 10);
    assert_eq!(
        guesses(&server, "password", "limited").await,
        20,
        "the other twenty were refused before their password was looked at"
    );
    // The username's budget is spent for everyone, the right password too, and for the form.
    assert_limited(&basic(&server, 99, demo::ANNA, "anna").await);
    let form = client_from(98)
        .post(format!("{}/app/rest/v4/authenticator/login", server.base))
        .json(&json!({"username": demo::ANNA, "password": "anna"}))
        .send()
        .await
        .unwrap();
    assert_limited(&form);
    // Other users are not held up (signed in, Ben does not see Anna's conversation).
    assert_eq!(basic(&server, 99, demo::BEN, "ben").await.status(), 404);
}

#[tokio::test]
async fn one_client_guessing_many_usernames_is_limited() {
    let server = TestServer::demo().await;
    for n in 0..10 {
        let response = basic(&server, 20, &format!("user-{n}"), "guess").await;
        assert_eq!(response.status(), 401);
    }
    assert_limited(&basic(&server, 20, "user-10", "guess").await);
    assert_limited(&basic(&server, 20, demo::BEN, "ben").await);
    assert_eq!(
        basic(&server, 21, demo::BEN, "ben").await.status(),
        404,
        "another client signs in (and Ben does not see Anna's conversation)"
    );
}

#[tokio::test]
async fn a_right_basic_password_is_not_counted_as_a_failure() {
    let server = TestServer::demo().await;
    for _ in 0..9 {
        assert_eq!(basic(&server, 30, demo::ANNA, "wrong").await.status(), 401);
    }
    // Past the verified-credentials cache: each right one is checked and refunded.
    for _ in 0..5 {
        assert_eq!(basic(&server, 30, demo::ANNA, "anna").await.status(), 200);
    }
    assert_eq!(basic(&server, 30, demo::ANNA, "wrong").await.status(), 401);
    assert_limited(&basic(&server, 30, demo::ANNA, "wrong").await);
}

async fn open_pin(server: &TestServer) -> String {
    let invited = ok(server
        .agent(demo::ANNA, Method::POST, INVITE_WITH_PIN)
        .json(&json!({"conversationId": demo::VERA_AND_ANNA})))
    .await;
    let pin = invited["token"].as_str().unwrap().to_owned();
    assert_eq!(pin.len(), 8, "PINs have eight digits by default");
    pin
}

/// A PIN of the right length that is not `pin`.
fn wrong_pin(pin: &str, n: u32) -> String {
    let candidate = format!("{:08}", n);
    if candidate == pin {
        format!("{:08}", n + 1)
    } else {
        candidate
    }
}

async fn redeem(client: &Client, server: &TestServer, pin: &str) -> Response {
    client
        .post(format!("{}{REDEEM_PIN}", server.base))
        .json(&json!({"$_type": "BatonRedeemPinBody", "pin": pin}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn wrong_pins_from_many_addresses_spend_the_server_wide_budget() {
    let server = TestServer::demo().await;
    let pin = open_pin(&server).await;
    let mut wrong = 0;
    let mut limited = 0;
    // 200 guesses from 40 addresses, five each: under every per-client limit.
    for n in 0..200u32 {
        let from = 40 + u8::try_from(n % 40).unwrap();
        let response = redeem(&client_from(from), &server, &wrong_pin(&pin, n)).await;
        match response.status().as_u16() {
            400 => wrong += 1,
            429 => {
                assert_limited(&response);
                limited += 1
            }
            other => panic!("guess {n}: {other}"),
        }
    }
    assert_eq!(wrong, 50, "the server's budget per window");
    assert_eq!(limited, 150);
    assert_eq!(guesses(&server, "token", "failed").await, 50);
    assert_eq!(guesses(&server, "token", "limited").await, 150);
    // While it lasts, nobody redeems, not even with the right PIN.
    assert_limited(&redeem(&client_from(90), &server, &pin).await);
}

#[tokio::test]
async fn concurrent_wrong_pins_from_one_client_get_one_guess_each_and_no_more() {
    let server = TestServer::demo().await;
    let pin = open_pin(&server).await;
    let client = client_from(50);
    let guesses = (0..30u32).map(|n| {
        let (client, base, guess) = (client.clone(), server.base.clone(), wrong_pin(&pin, n));
        tokio::spawn(async move {
            client
                .post(format!("{base}{REDEEM_PIN}"))
                .json(&json!({"$_type": "BatonRedeemPinBody", "pin": guess}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    });
    let mut statuses = Vec::new();
    for guess in guesses {
        statuses.push(
            tokio::time::timeout(WAIT * 3, guess)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    let tried = statuses.iter().filter(|s| **s != 429).count();
    assert_eq!(tried, 10, "{statuses:?}");
}

#[tokio::test]
async fn forwarded_addresses_are_believed_from_trusted_proxies_only() {
    let proxied = {
        let mut settings = settings(|_| {});
        settings.server.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        TestServer::with_settings(settings).await
    };
    let pin = open_pin(&proxied).await;
    let from_proxy = |client: &'static str, n: u32| {
        let guess = wrong_pin(&pin, n);
        let base = proxied.base.clone();
        async move {
            client_from(1)
                .post(format!("{base}{REDEEM_PIN}"))
                .header("x-forwarded-for", client)
                .json(&json!({"$_type": "BatonRedeemPinBody", "pin": guess}))
                .send()
                .await
                .unwrap()
        }
    };
    for n in 0..10 {
        assert_eq!(from_proxy("198.51.100.1", n).await.status(), 400);
    }
    assert_limited(&from_proxy("198.51.100.1", 10).await);
    assert_eq!(
        from_proxy("198.51.100.2", 11).await.status(),
        400,
        "another client behind the proxy has its own budget"
    );

    // Not from a trusted proxy: the header is the client's claim, and ignored.
    let direct = TestServer::demo().await;
    let pin = open_pin(&direct).await;
    for n in 0..10u32 {
        let response = client_from(60)
            .post(format!("{}{REDEEM_PIN}", direct.base))
            .header("x-forwarded-for", format!("198.51.100.{n}"))
            .json(&json!({"$_type": "BatonRedeemPinBody", "pin": wrong_pin(&pin, n)}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400);
    }
    let spoofed = client_from(60)
        .post(format!("{}{REDEEM_PIN}", direct.base))
        .header("x-forwarded-for", "198.51.100.200")
        .json(&json!({"$_type": "BatonRedeemPinBody", "pin": wrong_pin(&pin, 10)}))
        .send()
        .await
        .unwrap();
    assert_error(spoofed, 429, "TOO_MANY_ATTEMPTS").await;
}

#[tokio::test]
async fn no_event_stream_carries_a_pin_not_even_the_administrators() {
    let server = TestServer::demo().await;
    let pin = open_pin(&server).await;
    let renewed = ok(server.agent(
        demo::ANNA,
        Method::POST,
        &format!(
            "/app/rest/v4/invitations/{}/renewPin",
            server.app().runtime.read(|s| s
                .invitations
                .values()
                .find(|i| i.token.is_some())
                .map(|i| i.id.to_string())
                .unwrap())
        ),
    ))
    .await;
    let renewed_pin = renewed["token"].as_str().unwrap().to_owned();
    let mut admins = common::SseReader::open(
        server
            .admin(Method::GET, "/baton/v1/events")
            .header("last-event-id", "0"),
    )
    .await;
    let head = common::head(&server).await.to_string();
    let frames = admins
        .until(WAIT, |frame| frame.id.as_deref() == Some(head.as_str()))
        .await;
    assert!(
        frames
            .iter()
            .any(|f| f.event.as_deref() == Some("InvitationCreated"))
    );
    for frame in &frames {
        assert!(
            !frame.data.contains(&pin) && !frame.data.contains(&renewed_pin),
            "{frame:?}"
        );
    }
}
