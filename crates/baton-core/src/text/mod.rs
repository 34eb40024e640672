//! Text properties: what the concierge says, what notifications read and every string the
//! visitor widget and the agent components show, per locale.
//!
//! Keys keep Unblu's names where Unblu has the text (`com.unblu.conversation.message...`);
//! texts Unblu does not name use the `com.baton.` prefix. English, German, French and Italian
//! are built in; a bank overrides any text for any locale through `Config::texts`. Texts are
//! plain strings with `{name}` placeholders; whoever renders them must treat them as text,
//! never as HTML.
//!
//! The built-in texts are kept in one file per audience, so that a translator finds a
//! surface's texts together: `concierge.rs` (what the server renders: the concierge's
//! messages and the e-mails and pushes), `widget.rs` (the visitor widget, whose texts the
//! agent desk shows too) and `desk.rs` (the agent desk). This file holds the key type, the
//! lookup and the checks over every text, and no text of its own.

mod concierge;
mod desk;
mod history;
mod preview;
mod widget;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use concierge::concierge_texts;
use desk::desk_texts;
use history::history_texts;
use preview::preview_texts;
use widget::widget_texts;

/// Declares [`TextKey`] and its built-in texts from one list: each key's property name and
/// its English, German, French and Italian texts are written once, side by side, so that
/// [`TextKey::ALL`] cannot miss a key and no locale can miss a text. The list comes after a
/// `;`: the audiences' files pass it along, each adding its texts (`concierge_texts!`).
macro_rules! text_keys {
    (; $($(#[$doc:meta])* $name:literal => $key:ident {
        en: $en:literal, de: $de:literal, fr: $fr:literal, it: $it:literal $(,)?
    },)+) => {
        /// The texts the domain produces and the widgets show.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "ts", derive(tsify::Tsify))]
        pub enum TextKey {
            $($(#[$doc])* #[serde(rename = $name)] $key,)+
        }

        impl TextKey {
            /// Every key, for completeness checks and for serving them all.
            pub const ALL: &'static [TextKey] = &[$(TextKey::$key),+];

            /// The text property's name, as on the wire and in `[texts.<locale>]`.
            pub fn name(self) -> &'static str {
                match self {
                    $(TextKey::$key => $name,)+
                }
            }
        }

        /// The built-in text of `key` in `locale` (one of [`BUILT_IN_LOCALES`]).
        fn built_in(locale: &str, key: TextKey) -> Option<&'static str> {
            let [en, de, fr, it] = match key {
                $(TextKey::$key => [$en, $de, $fr, $it],)+
            };
            match locale {
                "en" => Some(en),
                "de" => Some(de),
                "fr" => Some(fr),
                "it" => Some(it),
                _ => None,
            }
        }
    };
}

// The concierge's texts, then the widget's, then the desk's (with its history view and the
// deputies editor's preview): the order of `TextKey`.
concierge_texts! { widget_texts, desk_texts, history_texts, preview_texts, text_keys; }

/// Locales with built-in texts; English is the fallback.
pub const BUILT_IN_LOCALES: [&str; 4] = ["en", "de", "fr", "it"];

/// The language of a locale tag (`de-CH` and `de_CH` → `de`).
fn language(locale: &str) -> &str {
    locale.split(['-', '_']).next().unwrap_or(locale)
}

/// The built-in locale whose texts answer for `locale` where the bank overrides nothing: its
/// language if built in (`de-CH` → `de`), else English.
pub fn built_in_locale(locale: &str) -> &'static str {
    let language = language(locale);
    BUILT_IN_LOCALES
        .into_iter()
        .find(|l| *l == language)
        .unwrap_or("en")
}

/// A bank's text overrides: locale -> key -> text. Lookups fall back to the built-in text of
/// the locale's language, then to English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Texts {
    overrides: BTreeMap<String, BTreeMap<TextKey, String>>,
}

impl Texts {
    /// Overrides one text for one locale.
    pub fn set(&mut self, locale: &str, key: TextKey, text: impl Into<String>) {
        self.overrides
            .entry(locale.to_owned())
            .or_default()
            .insert(key, text.into());
    }

    /// The text for `key` in `locale` (e.g. `de`, `de-CH`): the bank's override if any, else
    /// the built-in text of that language, else English.
    pub fn get(&self, key: TextKey, locale: &str) -> &str {
        [locale, language(locale), "en"]
            .into_iter()
            .find_map(|l| {
                self.overrides
                    .get(l)
                    .and_then(|m| m.get(&key))
                    .map(String::as_str)
                    .or_else(|| built_in(l, key))
            })
            .unwrap_or_default()
    }

    /// The text with each `{name}` placeholder replaced by its value.
    pub fn render(&self, key: TextKey, locale: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(key, locale), values)
    }
}

/// The texts one user interface shows, told apart by their names; the server renders the
/// others itself (the concierge's messages, e-mails, push notifications).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextUi {
    /// The visitor widget: `com.baton.widget.*`.
    Visitor,
    /// The agent desk: the widget's texts (it shows conversations too) and
    /// `com.baton.agent.*`.
    Agent,
    /// The visitor widget's launcher button, before the widget itself is loaded:
    /// `com.baton.widget.launcher*`.
    Launcher,
}

impl TextUi {
    /// The name `GET /baton/v1/texts?ui=` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Visitor => "visitor",
            Self::Agent => "agent",
            Self::Launcher => "launcher",
        }
    }

    /// The user interface `name` names, if any.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Visitor, Self::Agent, Self::Launcher]
            .into_iter()
            .find(|ui| ui.as_str() == name)
    }

    /// Whether this user interface shows the text property `name`.
    pub fn shows(self, name: &str) -> bool {
        match self {
            Self::Launcher => name.starts_with("com.baton.widget.launcher"),
            Self::Visitor => name.starts_with("com.baton.widget."),
            Self::Agent => {
                name.starts_with("com.baton.widget.") || name.starts_with("com.baton.agent.")
            }
        }
    }
}

/// A key is read by its property name, looked up in [`TextKey::ALL`]: the derived string
/// match would compile one comparison per key into every WebAssembly entry (measured: 2.6 KB
/// brotli of the visitor entry).
impl<'de> Deserialize<'de> for TextKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        TextKey::ALL
            .iter()
            .copied()
            .find(|key| key.name() == name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown text property {name:?}")))
    }
}

/// `template` with each `{name}` replaced by its value (values are text, inserted as they
/// are; whoever shows the result treats it as text).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_user_interface_shows_its_own_texts_and_none_of_the_servers() {
        let shown = |ui: TextUi| -> Vec<TextKey> {
            TextKey::ALL
                .iter()
                .copied()
                .filter(|key| ui.shows(key.name()))
                .collect()
        };
        let visitor = shown(TextUi::Visitor);
        let agent = shown(TextUi::Agent);
        assert!(visitor.contains(&TextKey::WidgetSend));
        assert!(!visitor.contains(&TextKey::AgentForwardTitle));
        assert!(
            agent.contains(&TextKey::WidgetSend) && agent.contains(&TextKey::AgentForwardTitle)
        );
        assert!(visitor.iter().all(|key| agent.contains(key)));
        let launcher = shown(TextUi::Launcher);
        assert!(launcher.contains(&TextKey::WidgetLauncherOpen));
        assert!(launcher.iter().all(|key| visitor.contains(key)));
        assert!(!launcher.contains(&TextKey::WidgetSend));
        for ui in [TextUi::Visitor, TextUi::Agent, TextUi::Launcher] {
            assert!(!ui.shows(TextKey::DeputyDelegationPromptMessage.name()));
            assert_eq!(TextUi::parse(ui.as_str()), Some(ui));
        }
        assert_eq!(TextUi::parse("Visitor"), None);
    }

    #[test]
    fn every_text_exists_in_every_built_in_locale() {
        for locale in BUILT_IN_LOCALES {
            for &key in TextKey::ALL {
                assert!(
                    built_in(locale, key).is_some_and(|t| !t.is_empty()),
                    "{locale} lacks {key:?}"
                );
            }
        }
    }

    /// The `{name}`s of a text, sorted.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_locale_has_the_same_placeholders_as_english() {
        for &key in TextKey::ALL {
            let english = placeholders(built_in("en", key).unwrap());
            for locale in BUILT_IN_LOCALES {
                let text = built_in(locale, key).unwrap();
                assert_eq!(placeholders(text), english, "{locale} {key:?}: {text}");
            }
        }
        assert_eq!(
            placeholders(built_in("it", TextKey::DeputyDelegationEmailBody).unwrap()),
            ["agent", "customer", "level"]
        );
    }

    #[test]
    fn no_built_in_text_contains_markup() {
        for locale in BUILT_IN_LOCALES {
            for &key in TextKey::ALL {
                let text = built_in(locale, key).unwrap();
                assert!(!text.contains(['<', '>', '&']), "{locale} {key:?}: {text}");
            }
        }
    }

    #[test]
    fn every_key_is_listed_once_under_its_wire_name() {
        let names: std::collections::BTreeSet<&str> =
            TextKey::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), TextKey::ALL.len());
        for &key in TextKey::ALL {
            assert_eq!(serde_json::to_value(key).unwrap(), key.name());
            assert!(
                key.name().starts_with("com.unblu.") || key.name().starts_with("com.baton."),
                "{key:?}"
            );
        }
        assert_eq!(TextKey::WidgetSend.name(), "com.baton.widget.send");
        assert_eq!(
            serde_json::from_str::<TextKey>("\"com.baton.widget.send\"").ok(),
            Some(TextKey::WidgetSend)
        );
        assert!(serde_json::from_str::<TextKey>("\"com.baton.widget.nope\"").is_err());
    }

    #[test]
    fn a_regional_locale_is_served_by_its_language_and_others_by_english() {
        assert_eq!(built_in_locale("de-CH"), "de");
        assert_eq!(built_in_locale("fr_CH"), "fr");
        assert_eq!(built_in_locale("it"), "it");
        assert_eq!(built_in_locale("rm-CH"), "en");
        assert_eq!(built_in_locale(""), "en");
    }

    #[test]
    fn a_bank_overrides_a_text_and_regional_locales_fall_back_to_their_language() {
        let mut texts = Texts::default();
        assert!(
            texts
                .get(TextKey::DeputyDelegationPromptReplyAccept, "de-CH")
                .contains("Stellvertretung")
        );
        texts.set(
            "de-CH",
            TextKey::DeputyDelegationPromptReplyAccept,
            "Stellvertretung holen",
        );
        assert_eq!(
            texts.get(TextKey::DeputyDelegationPromptReplyAccept, "de-CH"),
            "Stellvertretung holen"
        );
        assert_eq!(
            texts.get(TextKey::DeputyDelegationPromptReplyAccept, "xx"),
            "Invite a deputy"
        );
    }

    #[test]
    fn placeholders_are_filled_as_plain_text() {
        let texts = Texts::default();
        let body = texts.render(
            TextKey::DeputyDelegationPushBody,
            "en",
            &[("customer", "<b>Vera</b>")],
        );
        assert_eq!(body, "<b>Vera</b> is waiting for an answer.");
    }

    #[test]
    fn overrides_use_unblu_property_names_on_the_wire() {
        let mut texts = Texts::default();
        texts.set("fr", TextKey::DeputyDelegationPromptMessage, "Bonjour");
        let json = serde_json::to_string(&texts).unwrap();
        assert_eq!(
            json,
            r#"{"fr":{"com.unblu.conversation.message.deputyDelegationPromptMessage":"Bonjour"}}"#
        );
    }
}
