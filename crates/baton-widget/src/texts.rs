//! The widget's texts: fetched once from the server (`GET /baton/v1/texts`), which applies
//! the bank's overrides to the built-in en / de / fr / it texts of `baton-core`. Keeping them
//! out of the wasm keeps the widget small, and the bank's configuration is the one place to
//! change a text. Texts are plain text with `{name}` placeholders, never HTML.

use std::collections::BTreeMap;
use std::sync::Arc;

use baton_core::text::{TextKey, fill};

/// The texts of one locale, shared by every component of a widget.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Texts {
    locale: String,
    by_key: Arc<BTreeMap<String, String>>,
}

impl Texts {
    /// The texts the server sent for `locale`.
    pub fn new(locale: String, by_key: BTreeMap<String, String>) -> Self {
        Self {
            locale,
            by_key: Arc::new(by_key),
        }
    }

    /// The locale the texts are in (for `lang` attributes).
    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// The text of `key`; empty until the texts arrived.
    pub fn get(&self, key: TextKey) -> String {
        self.by_key.get(key.name()).cloned().unwrap_or_default()
    }

    /// The text of `key` with its `{name}` placeholders filled in.
    pub fn render(&self, key: TextKey, values: &[(&str, &str)]) -> String {
        fill(&self.get(key), values)
    }
    /// The built-in texts of `locale`, as the server serves them with no overrides (for the
    /// components' unit tests).
    #[cfg(test)]
    pub(crate) fn built_in(locale: &str) -> Self {
        let built_in = baton_core::text::Texts::default();
        Self::new(
            locale.to_owned(),
            TextKey::ALL
                .iter()
                .map(|k| (k.name().to_owned(), built_in.get(*k, locale).to_owned()))
                .collect(),
        )
    }
}
