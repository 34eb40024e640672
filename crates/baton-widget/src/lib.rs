//! Baton's Leptos components (client-side rendering).
//!
//! The visitor widget ([`VisitorWidget`]: the conversation, the deputy prompt, the status
//! line), the [`PinEntry`] for invitees, and the [`AgentDesk`] with its dialogs (each on the
//! [`Dialog`] primitive), its [`DelegationQueue`] and [`DeputiesEditor`], built from small
//! components with documented props (`class` first, inputs as `Signal`s, events as
//! `Callback`s). Their styles are [`VISITOR_STYLES`] and
//! [`AGENT_STYLES`], one stylesheet each for a shadow root: themed only through `--baton-*`
//! custom properties. Texts come from the server ([`texts`]). [`feed`] is the browser's live
//! event feed, shared with the SDK.
//!
//! Nothing here decides a rule (`baton-core` does) or talks HTTP itself (`baton-api`'s client
//! does); JS callers reach these components through `baton-sdk`'s custom elements and
//! `mount` functions.

#[cfg(feature = "desk")]
mod agent_desk;
mod answers;
mod conversation_panel;
#[cfg(feature = "desk")]
mod credentials;
#[cfg(feature = "desk")]
mod delegation_queue;
#[cfg(feature = "desk")]
mod deputies_editor;
mod deputy_prompt;
#[cfg(feature = "desk")]
mod device_notifications;
#[cfg(feature = "desk")]
mod dialog;
pub mod failure;
pub mod feed;
#[cfg(feature = "desk")]
mod forward_dialog;
#[cfg(feature = "desk")]
mod handoff_history;
mod ids;
#[cfg(feature = "desk")]
mod invite_dialog;
#[cfg(feature = "desk")]
mod password_dialog;
#[cfg(feature = "desk")]
mod person_picker;
mod pin_entry;
#[cfg(feature = "desk")]
mod presence_switch;
#[cfg(feature = "desk")]
mod reassign_dialog;
pub mod texts;
#[cfg(feature = "desk")]
mod transfer;
#[cfg(feature = "desk")]
mod unassign;
mod visitor;

#[cfg(feature = "desk")]
pub use agent_desk::{AgentDesk, Desk, DeskOptions, Signed};
pub use conversation_panel::ConversationPanel;
#[cfg(feature = "desk")]
pub use delegation_queue::DelegationQueue;
#[cfg(feature = "desk")]
pub use deputies_editor::DeputiesEditor;
pub use deputy_prompt::DeputyPrompt;
#[cfg(feature = "desk")]
pub use dialog::{Dialog, DialogActions};
#[cfg(feature = "desk")]
pub use person_picker::{Choice, PersonPicker, Search, SearchSwitch};
pub use pin_entry::PinEntry;
pub use visitor::{VisitorOptions, VisitorWidget};

/// The visitor components' stylesheet, for the shadow root they render in.
pub const VISITOR_STYLES: &str = concat!(
    include_str!("theme.css"),
    include_str!("conversation_panel/style.css"),
    include_str!("deputy_prompt/style.css"),
    include_str!("pin_entry/style.css"),
);

/// The agent components' stylesheet, for the shadow root they render in.
#[cfg(feature = "desk")]
pub const AGENT_STYLES: &str = concat!(
    include_str!("theme.css"),
    include_str!("conversation_panel/style.css"),
    include_str!("dialog/style.css"),
    include_str!("agent_desk/style.css"),
    include_str!("person_picker/style.css"),
    include_str!("forward_dialog/style.css"),
    include_str!("reassign_dialog/style.css"),
    include_str!("invite_dialog/style.css"),
    include_str!("unassign/style.css"),
    include_str!("password_dialog/style.css"),
    include_str!("transfer/style.css"),
    include_str!("delegation_queue/style.css"),
    include_str!("deputies_editor/style.css"),
    include_str!("handoff_history/style.css"),
    include_str!("presence_switch/style.css"),
    include_str!("device_notifications/style.css"),
);
