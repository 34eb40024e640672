//! The history leaving the desk: "Copy as text" (the timeline's lines on the clipboard) and
//! "Download CSV" (the archive's CSV: `CSV_HEADER` and each entry's `row().csv_record()`,
//! CRLF after each line, byte for byte what the server's export writes for the same steps).
//!
//! The texts are built here from what the component shows; only `write_clipboard` and
//! `download` touch the browser. No second CSV writer: the record is `baton-core`'s.

use baton_core::history::{CSV_HEADER, HandoffEntry};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The CSV file of `entries`: the header, then one record per entry, each line ended by CRLF.
pub(crate) fn csv(entries: &[HandoffEntry]) -> String {
    let mut out = format!("{CSV_HEADER}\r\n");
    for entry in entries {
        out.push_str(&entry.row().csv_record());
        out.push_str("\r\n");
    }
    out
}

/// The timeline as plain text: one line per step, its time first.
pub(crate) fn plain_text(steps: impl IntoIterator<Item = (String, String)>) -> String {
    steps
        .into_iter()
        .map(|(time, words)| format!("{time} — {words}\n"))
        .collect()
}

/// The download's file name: `history-<conversation>.csv`, with anything a file name should
/// not hold replaced.
pub(crate) fn file_name(conversation: &str) -> String {
    let safe: String = conversation
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("history-{safe}.csv")
}

/// Puts `text` on the clipboard; `false` when the browser refuses.
pub(crate) async fn write_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .is_ok()
}

/// Saves `text` as the CSV file `name`: a Blob behind a temporary `<a download>` that is
/// clicked. A blob URL is the page's own origin, so the demo's strict CSP allows it.
pub(crate) fn download(text: &str, name: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let document = window
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download reads the blob after this task; revoking it at once could cut it off.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use baton_core::history::{HandoffAction, HandoffOutcome};

    use super::*;
    use crate::handoff_history::line::tests::{answered, entry};

    #[test]
    fn the_csv_is_the_archive_header_and_records_with_crlf() {
        let steps = [
            entry(3, HandoffAction::PromptOffered),
            answered(9, "clara.deputy", HandoffOutcome::Ignored),
        ];
        let text = csv(&steps);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(
            lines,
            [
                CSV_HEADER,
                "3,1700000003000,c1,,PROMPT_OFFERED,,,",
                "9,1700000009000,c1,PERSON:clara.deputy,ANSWERED,PERSON:anna.advisor,IGNORED,",
                "",
            ]
        );
        assert_eq!(csv(&[]), format!("{CSV_HEADER}\r\n"));
    }

    #[test]
    fn plain_text_is_one_line_per_step() {
        let text = plain_text([
            ("10:01".to_owned(), "Level 1 asked".to_owned()),
            (
                "10:02".to_owned(),
                "Clara Deputy ignored the request".to_owned(),
            ),
        ]);
        assert_eq!(
            text,
            "10:01 — Level 1 asked\n10:02 — Clara Deputy ignored the request\n"
        );
    }

    #[test]
    fn the_file_name_keeps_only_safe_characters() {
        assert_eq!(file_name("conv-12_a.b"), "history-conv-12_a.b.csv");
        assert_eq!(file_name("a/b\\c d"), "history-a_b_c_d.csv");
    }
}
