//! Prometheus metrics, in the text exposition format, from plain atomic counters.
//!
//! Only counters and gauges the operators of a hand-off service ask for: commands by outcome,
//! events recorded, live SSE subscribers, webhook and e-mail deliveries, HTTP requests.

use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

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
    /// Webhook deliveries that succeeded.
    pub webhooks_delivered: AtomicU64,
    /// Webhook delivery attempts that failed.
    pub webhooks_failed: AtomicU64,
    /// E-mails handed to the SMTP server.
    pub mails_sent: AtomicU64,
}

impl Metrics {
    /// Adds one to a counter.
    pub fn inc(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The exposition text for `/metrics`.
    pub fn render(&self) -> String {
        let counters: [(&str, &str, &AtomicU64); 8] = [
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
                "baton_webhooks_delivered_total",
                "Webhook deliveries that succeeded.",
                &self.webhooks_delivered,
            ),
            (
                "baton_webhooks_failed_total",
                "Webhook delivery attempts that failed.",
                &self.webhooks_failed,
            ),
            (
                "baton_mails_sent_total",
                "E-mails handed to the SMTP server.",
                &self.mails_sent,
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
        let _ = writeln!(
            out,
            "# HELP baton_sse_subscribers Open event-stream connections.\n# TYPE baton_sse_subscribers gauge\nbaton_sse_subscribers {}",
            self.sse_subscribers.load(Ordering::Relaxed)
        );
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
        let text = m.render();
        assert!(text.contains(
            "# TYPE baton_commands_accepted_total counter\nbaton_commands_accepted_total 1\n"
        ));
        assert!(text.contains("baton_sse_subscribers 0"));
    }
}
