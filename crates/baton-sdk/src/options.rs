//! The option objects the JS methods take, as Rust types: what a caller may pass is exactly
//! what deserialises (unknown fields are refused with `INVALID_INPUT`, so a typo never passes
//! silently), and their TypeScript declarations come from the same definitions.

#[cfg(feature = "agent")]
use baton_api::wire::conversation::ConversationLeftReason;
use serde::Deserialize;
use tsify::Tsify;

#[cfg(feature = "visitor")]
/// `VisitorClient.connect(options)`.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ConnectOptions {
    /// The Baton server's URL; the page's own origin when absent.
    #[serde(default)]
    pub server: Option<String>,
    /// The JWT the bank's backend issued for the signed-in customer; absent for PIN and
    /// e-mail invitees (who join anonymously) or to resume an existing session.
    #[serde(default)]
    pub token: Option<String>,
}

/// `AgentClient.resume(options)`.
#[cfg(feature = "agent")]
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ServerOptions {
    /// The Baton server's URL; the page's own origin when absent.
    #[serde(default)]
    pub server: Option<String>,
}

#[cfg(feature = "agent")]
/// `AgentClient.login(options)`.
#[derive(Debug, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct LoginOptions {
    /// The Baton server's URL; the page's own origin when absent.
    #[serde(default)]
    pub server: Option<String>,
    /// The agent's sign-in name.
    pub username: String,
    /// The agent's password.
    pub password: String,
}

#[cfg(feature = "agent")]
/// `forwardToAgent` / `forwardToTeam` options.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ForwardOptions {
    /// A comment for the receiving agents, never shown to the visitor.
    #[serde(default)]
    pub comment: Option<String>,
}

#[cfg(feature = "agent")]
/// `inviteAgent` / `inviteTeam` options.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct InviteAgentOptions {
    /// A comment for the invited agents, never shown to the visitor.
    #[serde(default)]
    pub comment: Option<String>,
    /// Join hidden: the visitor does not see the invited agent.
    #[serde(default)]
    pub hidden: Option<bool>,
}

#[cfg(feature = "agent")]
/// `inviteVisitorWithPin` / `inviteVisitorWithEmail` options.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct InviteVisitorOptions {
    /// The name the invited customer is shown under.
    #[serde(default)]
    pub nickname: Option<String>,
}

#[cfg(feature = "agent")]
/// `reassign` options.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ReassignOptions {
    /// Add the target as a participant first and keep the previous assignee in the
    /// conversation (for a target who does not participate yet).
    #[serde(default)]
    pub keep_previous: bool,
    /// Remove the previous assignee afterwards (not with `keepPrevious`).
    #[serde(default)]
    pub offboard_previous: Option<OffboardPrevious>,
}

#[cfg(feature = "agent")]
/// How the previous assignee leaves after a reassign.
#[derive(Debug, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct OffboardPrevious {
    /// Why they leave; `FORWARDED` when absent.
    #[serde(default = "forwarded")]
    pub reason: ConversationLeftReason,
    /// A comment for the agents.
    #[serde(default)]
    pub comment: Option<String>,
}

#[cfg(feature = "agent")]
fn forwarded() -> ConversationLeftReason {
    ConversationLeftReason::Forwarded
}
