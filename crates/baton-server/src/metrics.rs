//! Prometheus metrics, in the text exposition format, from plain atomic counters.
//!
//! Only counters and gauges the operators of a hand-off service ask for: commands by outcome,
//! events recorded, live SSE subscribers, HTTP requests, delivery attempts per channel and
//! outcome, and (read from the outboxes at scrape time) items per channel and state.

use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use crate::outbox::{Channel, DeliveryState, PassReport};

/// Attempt outcomes of one channel.
#[derive(Debug, Default)]
pub struct AttemptCounters {
    /// Attempts that delivered.
    pub delivered: AtomicU64,
    /// Attempts that failed and were rescheduled.
    pub retrying: AtomicU64,
    /// Attempts after which the item was parked as failed.
    pub parked: AtomicU64,
}

/// Guesses of one kind (passwords, or PINs and link tokens) by outcome.
#[derive(Debug, Default)]
pub struct GuessCounters {
    /// Attempts that were made and failed.
    pub failed: AtomicU64,
    /// Attempts refused because a budget was spent (429).
    pub limited: AtomicU64,
}

/// The server's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Commands that were recorded.
    pub commands_accepted: AtomicU64,
    /// Commands refused by a domain rule.
    pub commands_refused: AtomicU64,
    /// Events appended to the log.
    pub events_recorded: AtomicU64,
    /// HTTP requests answered.
    pub http_requests: AtomicU64,
    /// HTTP requests answered with a 5xx status.
    pub http_server_errors: AtomicU64,
    /// Open SSE connections.
    pub sse_subscribers: AtomicI64,
    /// E-mail delivery attempts by outcome.
    pub email_attempts: AttemptCounters,
    /// Webhook delivery attempts by outcome.
    pub webhook_attempts: AttemptCounters,
    /// Web push attempts.
    pub push_attempts: AttemptCounters,
    /// Recorded events the webhook feed could not turn into deliveries (logged, skipped).
    pub feed_events_skipped: AtomicU64,
    /// Password guesses (sign-in form and HTTP Basic).
    pub password_guesses: GuessCounters,
    /// PIN and link-token guesses (redemptions and `getAcceptLink`).
    pub token_guesses: GuessCounters,
}

impl Metrics {
    /// Adds one to a counter.
    pub fn inc(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one delivery pass's outcomes.
    pub fn count_attempts(&self, channel: Channel, report: PassReport) {
        let counters = self.attempts(channel);
        for (counter, n) in [
            (&counters.delivered, report.delivered),
            (&counters.retrying, report.retrying),
            (&counters.parked, report.gave_up),
        ] {
            counter.fetch_add(n as u64, Ordering::Relaxed);
        }
    }

    fn attempts(&self, channel: Channel) -> &AttemptCounters {
        match channel {
            Channel::Email => &self.email_attempts,
            Channel::Webhook => &self.webhook_attempts,
            Channel::Push => &self.push_attempts,
        }
    }

    /// The exposition text for `/metrics`, with the outboxes' items per channel and state
    /// (`outbox`, read from the database by the caller) and the transactions that appended
    /// to the log (the runtime's count: commands per transaction tell how well group commit
    /// batches).
    pub fn render(&self, outbox: &[(Channel, DeliveryState, u64)], transactions: u64) -> String {
        let counters: [(&str, &str, &AtomicU64); 6] = [
            (
                "baton_commands_accepted_total",
                "Commands recorded.",
                &self.commands_accepted,
            ),
            (
                "baton_commands_refused_total",
                "Commands refused by a domain rule.",
                &self.commands_refused,
            ),
            (
                "baton_events_recorded_total",
                "Events appended to the log.",
                &self.events_recorded,
            ),
            (
                "baton_http_requests_total",
                "HTTP requests answered.",
                &self.http_requests,
            ),
            (
                "baton_http_server_errors_total",
                "HTTP requests answered with 5xx.",
                &self.http_server_errors,
            ),
            (
                "baton_feed_events_skipped_total",
                "Recorded events the webhook feed could not turn into deliveries.",
                &self.feed_events_skipped,
            ),
        ];
        let mut out = String::new();
        for (name, help, value) in counters {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}",
                value.load(Ordering::Relaxed)
            );
        }
        let name = "baton_log_transactions_total";
        let _ = writeln!(
            out,
            "# HELP {name} Transactions that appended to the log (one per group commit).\n# TYPE {name} counter\n{name} {transactions}"
        );
        let _ = writeln!(
            out,
            "# HELP baton_sse_subscribers Open event-stream connections.\n# TYPE baton_sse_subscribers gauge\nbaton_sse_subscribers {}",
            self.sse_subscribers.load(Ordering::Relaxed)
        );
        let name = "baton_delivery_attempts_total";
        let _ = writeln!(
            out,
            "# HELP {name} Delivery attempts by channel and outcome.\n# TYPE {name} counter"
        );
        for channel in Channel::ALL {
            let c = self.attempts(channel);
            for (outcome, value) in [
                ("delivered", &c.delivered),
                ("retrying", &c.retrying),
                ("parked", &c.parked),
            ] {
                let _ = writeln!(
                    out,
                    "{name}{{channel=\"{}\",outcome=\"{outcome}\"}} {}",
                    channel.name(),
                    value.load(Ordering::Relaxed)
                );
            }
        }
        let name = "baton_guesses_total";
        let _ = writeln!(
            out,
            "# HELP {name} Failed and limited guesses at passwords and at PINs and link tokens.\n# TYPE {name} counter"
        );
        for (kind, counters) in [
            ("password", &self.password_guesses),
            ("token", &self.token_guesses),
        ] {
            for (outcome, value) in [("failed", &counters.failed), ("limited", &counters.limited)] {
                let _ = writeln!(
                    out,
                    "{name}{{kind=\"{kind}\",outcome=\"{outcome}\"}} {}",
                    value.load(Ordering::Relaxed)
                );
            }
        }
        let name = "baton_deliveries";
        let _ = writeln!(
            out,
            "# HELP {name} Outbox items by channel and state.\n# TYPE {name} gauge"
        );
        for (channel, state, count) in outbox {
            let _ = writeln!(
                out,
                "{name}{{channel=\"{}\",state=\"{}\"}} {count}",
                channel.name(),
                state.name()
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_render_in_the_prometheus_text_format() {
        let m = Metrics::default();
        Metrics::inc(&m.commands_accepted);
        m.count_attempts(
            Channel::Webhook,
            PassReport {
                delivered: 2,
                retrying: 1,
                gave_up: 1,
            },
        );
        let text = m.render(&[(Channel::Email, DeliveryState::Failed, 3)], 7);
        assert!(text.contains("baton_log_transactions_total 7"), "{text}");
        assert!(text.contains(
            "# TYPE baton_commands_accepted_total counter\nbaton_commands_accepted_total 1\n"
        ));
        assert!(text.contains("baton_sse_subscribers 0"));
        assert!(text.contains(
            "baton_delivery_attempts_total{channel=\"webhook\",outcome=\"delivered\"} 2\n"
        ));
        assert!(
            text.contains(
                "baton_delivery_attempts_total{channel=\"webhook\",outcome=\"parked\"} 1\n"
            )
        );
        assert!(text.contains("baton_deliveries{channel=\"email\",state=\"failed\"} 3\n"));
        assert!(text.contains("baton_guesses_total{kind=\"token\",outcome=\"limited\"} 0\n"));
    }
}
