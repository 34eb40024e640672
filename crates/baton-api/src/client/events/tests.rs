//! Unit tests of the SSE parser, event decoding, the subscription's last id, its reconnect
//! request and its backoff. No I/O here: the drivers are tested over HTTP in `baton-server`.

use std::time::Duration;

use baton_core::Event;

use super::*;
use crate::client::{Auth, Method, Response, TransportError};
use crate::wire::Secret;

fn frame(id: Option<&str>, event: &str, data: &str) -> SseFrame {
    SseFrame {
        id: id.map(str::to_owned),
        event: event.to_owned(),
        data: data.to_owned(),
    }
}

fn parse(input: &[u8]) -> Vec<SseFrame> {
    SseParser::new().feed(input)
}

/// Feeds `input` split at every possible pair of points and checks that the frames never
/// depend on where the chunks end.
fn parse_split_everywhere(input: &[u8]) -> Vec<SseFrame> {
    let whole = parse(input);
    for first in 0..=input.len() {
        for second in first..=input.len() {
            let mut parser = SseParser::new();
            let mut frames = parser.feed(&input[..first]);
            frames.extend(parser.feed(&input[first..second]));
            frames.extend(parser.feed(&input[second..]));
            assert_eq!(frames, whole, "split at {first} and {second}");
        }
    }
    whole
}

#[test]
fn a_frame_has_an_id_an_event_and_data() {
    let frames = parse(b"id: 7\nevent: MessagePosted\ndata: {\"a\":1}\n\n");
    assert_eq!(frames, [frame(Some("7"), "MessagePosted", "{\"a\":1}")]);
}

#[test]
fn every_line_ending_works_even_split_between_chunks() {
    for input in [
        &b"event: e\ndata: one\n\ndata: two\n\n"[..],
        b"event: e\r\ndata: one\r\n\r\ndata: two\r\n\r\n",
        b"event: e\rdata: one\r\rdata: two\r\r",
        b"event: e\r\ndata: one\r\rdata: two\n\r\n",
    ] {
        let frames = parse_split_everywhere(input);
        assert_eq!(
            frames,
            [frame(None, "e", "one"), frame(None, "message", "two")],
            "{}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn a_cr_then_lf_in_the_next_chunk_is_one_line_end() {
    let mut parser = SseParser::new();
    assert!(parser.feed(b"data: x\r").is_empty());
    assert_eq!(parser.feed(b"\n\r"), [frame(None, "message", "x")]);
    assert_eq!(parser.feed(b"\ndata: y\n\n"), [frame(None, "message", "y")]);
}

#[test]
fn utf8_split_inside_a_character_survives() {
    let frames = parse_split_everywhere("data: grüezi 👋\n\n".as_bytes());
    assert_eq!(frames, [frame(None, "message", "grüezi 👋")]);
}

#[test]
fn comments_are_ignored() {
    let frames = parse_split_everywhere(b": keep-alive\n\n:\ndata: x\n: between\n\n");
    assert_eq!(frames, [frame(None, "message", "x")]);
}

#[test]
fn data_lines_are_joined_with_newlines() {
    let frames = parse(b"data: one\ndata:two\ndata\ndata:  three\n\n");
    assert_eq!(frames, [frame(None, "message", "one\ntwo\n\n three")]);
}

#[test]
fn only_one_space_after_the_colon_is_stripped() {
    let frames = parse(b"event:  spaced\ndata:\tx\n\n");
    assert_eq!(frames, [frame(None, " spaced", "\tx")]);
}

#[test]
fn a_field_without_colon_has_an_empty_value() {
    let frames = parse(b"data\n\nevent\ndata: x\n\n");
    assert_eq!(
        frames,
        [frame(None, "message", ""), frame(None, "message", "x")]
    );
}

#[test]
fn a_frame_without_data_is_not_dispatched_but_its_id_is_kept() {
    let mut parser = SseParser::new();
    assert!(parser.feed(b"id: 4\nevent: lonely\n\n").is_empty());
    assert_eq!(parser.last_event_id(), Some("4"));
    assert_eq!(
        parser.feed(b"data: x\n\n"),
        [frame(Some("4"), "message", "x")]
    );
}

#[test]
fn the_id_persists_until_replaced_or_cleared() {
    let frames = parse(b"id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n");
    assert_eq!(
        frames,
        [
            frame(Some("1"), "message", "a"),
            frame(Some("1"), "message", "b"),
            frame(None, "message", "c"),
        ]
    );
}

#[test]
fn an_id_containing_nul_is_ignored() {
    let frames = parse(b"id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n");
    assert_eq!(
        frames,
        [
            frame(Some("1"), "message", "a"),
            frame(Some("1"), "message", "b")
        ]
    );
}

#[test]
fn unknown_fields_and_bad_retries_are_ignored_and_the_last_retry_counts() {
    let mut parser = SseParser::new();
    assert_eq!(parser.retry(), None);
    parser.feed(b"retry: 2500\nfoo: bar\ndata: x\n\n");
    assert_eq!(parser.retry(), Some(Duration::from_millis(2500)));
    parser.feed(b"retry: 1.5\nretry: -3\nretry:\nretry: 99999999999999999999999\n\n");
    assert_eq!(parser.retry(), Some(Duration::from_millis(2500)));
    parser.feed(b"retry: 700\n");
    assert_eq!(parser.retry(), Some(Duration::from_millis(700)));
}

#[test]
fn a_leading_byte_order_mark_is_skipped_once() {
    let frames = parse_split_everywhere(b"\xEF\xBB\xBFdata: x\n\n");
    assert_eq!(frames, [frame(None, "message", "x")]);
    let frames = parse(b"\xEF\xBB\xBFdata: x\n\n\xEF\xBB\xBFdata: y\n\n");
    assert_eq!(frames, [frame(None, "message", "x")]);
}

#[test]
fn an_unfinished_event_is_dropped_when_the_stream_restarts() {
    let mut parser = SseParser::new();
    parser.feed(b"id: 3\nretry: 10\ndata: a\n\nid: 4\nevent: half\ndata: b\nda");
    parser.restart();
    assert!(
        parser.feed(b"ta: c\n\n").is_empty(),
        "the half line is gone"
    );
    assert_eq!(
        parser.feed(b"data: c\n\n"),
        [frame(Some("3"), "message", "c")]
    );
    assert_eq!(parser.retry(), Some(Duration::from_millis(10)));
}

const PRESENCE: &str = r#"{"$_type":"BatonEvent","seq":7,"event":{"type":"PresenceChanged","person":"anna.advisor","presence":"AWAY"}}"#;

#[test]
fn event_data_decodes_to_a_baton_event() {
    let event = decode_event(PRESENCE).unwrap();
    assert_eq!(event.seq(), 7);
    assert!(matches!(event.event(), Event::PresenceChanged { .. }));
}

#[test]
fn undecodable_data_is_a_malformed_response() {
    for data in ["not json", r#"{"$_type":"BatonEvent","seq":1}"#] {
        let error = decode_event(data).unwrap_err();
        assert_eq!(
            error.code(),
            crate::wire::error::ErrorCode::MalformedResponse,
            "{data}"
        );
    }
}

#[test]
fn the_subscription_follows_the_ids_even_of_undecodable_events() {
    let mut subscription = EventSubscription::new(Some(2));
    assert_eq!(subscription.last_event_id(), Some(2));
    let chunk = format!("id: 7\nevent: PresenceChanged\ndata: {PRESENCE}\n\nid: 8\ndata: junk\n\n");
    let (head, tail) = chunk.as_bytes().split_at(20);
    assert!(subscription.feed(head).is_empty());
    assert_eq!(subscription.last_event_id(), Some(2));
    let events = subscription.feed(tail);
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].as_ref().map(BatonEvent::seq).ok(), Some(7));
    assert!(events[1].is_err());
    assert_eq!(subscription.last_event_id(), Some(8));
    subscription.feed(b"id: not-a-number\ndata: x\n\n");
    assert_eq!(
        subscription.last_event_id(),
        Some(8),
        "not Baton's id: kept"
    );
}

#[test]
fn the_backoff_doubles_up_to_thirty_seconds_with_jitter_and_starts_over_after_a_connection() {
    let mut subscription = EventSubscription::new(None);
    let delays: Vec<u64> = (0..8)
        .map(|_| subscription.reconnect_delay(1.0).as_secs())
        .collect();
    assert_eq!(delays, [1, 2, 4, 8, 16, 30, 30, 30]);
    for _ in 0..100 {
        assert_eq!(subscription.reconnect_delay(1.0), MAX_RECONNECT_DELAY);
    }
    subscription.connected();
    assert_eq!(subscription.reconnect_delay(1.0), INITIAL_RECONNECT_DELAY);
    assert_eq!(subscription.reconnect_delay(1.0), Duration::from_secs(2));
    // With the least jitter, each wait is half as long: never less.
    subscription.connected();
    assert_eq!(
        subscription.reconnect_delay(0.0),
        INITIAL_RECONNECT_DELAY / 2
    );
}

#[test]
fn the_servers_retry_replaces_the_initial_delay() {
    let mut subscription = EventSubscription::new(None);
    subscription.feed(b"retry: 250\n\n");
    let delays: Vec<u128> = (0..9)
        .map(|_| subscription.reconnect_delay(1.0).as_millis())
        .collect();
    assert_eq!(
        delays,
        [250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]
    );
    subscription.feed(b"retry: 60000\n\n");
    assert_eq!(subscription.reconnect_delay(1.0), Duration::from_secs(60));
}

#[test]
fn refusals_that_may_pass_are_retried_the_others_end_the_subscription() {
    for status in [500, 502, 503, 504, 408, 429] {
        assert!(retries(status), "{status}");
    }
    for status in [400, 401, 403, 404, 410] {
        assert!(!retries(status), "{status}");
    }
}

/// A transport that is never used: the request is only built.
struct Unused;

impl Transport for Unused {
    async fn send(&self, _: Request) -> Result<Response, TransportError> {
        Err(TransportError::new("unused"))
    }

    async fn pause(&self, _: std::time::Duration) {}
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn the_request_resumes_after_the_last_id_with_the_clients_credentials() {
    let client = Client::basic(Unused, "anna.advisor", "anna");
    let mut subscription = EventSubscription::new(None);
    let first = subscription.request(&client);
    assert_eq!(first.method, Method::Get);
    assert_eq!(first.path, crate::operation::baton::EVENTS.path);
    assert_eq!(first.body, None);
    assert_eq!(header(&first, "accept"), Some("text/event-stream"));
    assert_eq!(header(&first, "last-event-id"), None);
    assert_eq!(
        header(&first, "authorization"),
        Some("Basic YW5uYS5hZHZpc29yOmFubmE=")
    );

    subscription.feed(format!("id: 7\ndata: {PRESENCE}\n\n").as_bytes());
    client.set_auth(Auth::Session {
        csrf_token: Secret::new("token"),
    });
    let again = subscription.request(&client);
    assert_eq!(header(&again, "last-event-id"), Some("7"));
    assert_eq!(header(&again, "x-csrf-token"), Some("token"));
    assert_eq!(header(&again, "authorization"), None);
}
