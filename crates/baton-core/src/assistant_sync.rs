//! The assistants auto-sync planner (seed 001, "Automatically updating assistants in ongoing
//! conversations"): compares every ongoing conversation's auto-synced assistants with what the
//! assignee's assistants and the configuration call for, and plans the changes in batches of
//! `com.unblu.deputies.assistants.autosync.batchSize` conversations.
//!
//! Only the plan lives here: pure, deterministic, read-only. Applying it belongs to `decide`
//! (`Command::SyncAssistants`, which produces the events); running it every
//! `com.unblu.deputies.assistants.autosync.checkInterval` belongs to the caller, so no clock,
//! timer or I/O may enter this module.

use crate::command::Command;
use crate::conversation::{Conversation, Participant, ParticipationType};
use crate::directory::OrganisationRelation;
use crate::id::PersonId;
use crate::state::State;

/// One batch: at most `assistants_autosync_batch_size` `SyncAssistants` commands (one per
/// conversation), to be issued as [`Actor::System`](crate::actor::Actor::System).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncBatch {
    /// The commands, in conversation id order.
    pub commands: Vec<Command>,
}

/// The batches that bring every ongoing conversation's auto-synced assistants in line with
/// its assignee's assistants and the configuration. Conversations already in sync yield
/// nothing, so planning on a synced state yields no batch.
pub fn plan(state: &State) -> Vec<SyncBatch> {
    // A batch size of 0 is refused by `Config::validate`, but an unvalidated config must not
    // hang the planner: `take(0)` would yield empty batches forever.
    let size = state.config.assistants_autosync_batch_size.max(1);
    // `conversations` is a BTreeMap, so the commands come in id order.
    let mut commands = state
        .conversations
        .values()
        .filter_map(|c| command_for(state, c))
        .peekable();
    let mut batches = Vec::new();
    while commands.peek().is_some() {
        batches.push(SyncBatch {
            commands: commands.by_ref().take(size).collect(),
        });
    }
    batches
}

/// The `SyncAssistants` command for one conversation, if it is not in sync.
fn command_for(state: &State, conversation: &Conversation) -> Option<Command> {
    if conversation.is_closing() {
        return None;
    }
    let assignee = conversation.assignee()?;
    let hidden = state.config.hide_auto_synced_assistants;
    let desired = desired_assistants(state, conversation, assignee);
    let current: Vec<&Participant> = auto_synced(conversation).collect();
    // Neither list has duplicates (one current participation per person; `assistant_agents`
    // deduplicates), so equal lengths plus inclusion mean equal sets.
    let in_sync = current.len() == desired.len()
        && current
            .iter()
            .all(|p| desired.contains(&p.person) && p.hidden == hidden);
    (!in_sync).then(|| Command::SyncAssistants {
        conversation: conversation.id.clone(),
        assistants: desired,
        hidden,
    })
}

/// The assistants who should be in the conversation because of the sync: none when the sync
/// is off, so that turning it off removes the ones it added.
fn desired_assistants(
    state: &State,
    conversation: &Conversation,
    assignee: &PersonId,
) -> Vec<PersonId> {
    if !state.config.auto_sync_assigned_agent_assistants {
        return Vec::new();
    }
    state
        .deputies_of(assignee)
        .assistant_agents(&state.directory)
        .into_iter()
        .filter(|a| a != assignee)
        // Someone who joined on their own is theirs to leave: the sync neither adopts nor
        // removes them, and counting them would re-plan the conversation forever.
        .filter(|a| {
            conversation
                .participant(a)
                .is_none_or(|p| p.auto_synced_assistant)
        })
        // `decide` refuses agents of unrelated organisations; planning them would make the
        // whole command fail on every check.
        .filter(|a| may_work_on(state, conversation, a))
        .collect()
}

/// The participants the sync added and still manages. An auto-synced assistant who has since
/// become the assignee is the conversation's agent now, no longer the sync's.
fn auto_synced(conversation: &Conversation) -> impl Iterator<Item = &Participant> {
    conversation.current_participants().filter(|p| {
        p.auto_synced_assistant && p.participation_type == ParticipationType::SecondaryAgent
    })
}

/// Whether the agent belongs to the conversation's organisation or a parent organisation.
fn may_work_on(state: &State, conversation: &Conversation, person: &PersonId) -> bool {
    state.directory.agent(person).is_some_and(|agent| {
        state
            .directory
            .organisation_relation(&agent.account, &conversation.account)
            != OrganisationRelation::Other
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::command::DeputyWriteSource;
    use crate::config::Config;
    use crate::conversation::OffboardingReason;
    use crate::deputy::Deputy;
    use crate::event::Event;
    use crate::id::{AccountId, ConversationId};
    use crate::testkit::Bank;

    fn auto_sync_on() -> Config {
        Config {
            auto_sync_assigned_agent_assistants: true,
            ..Config::default()
        }
    }

    /// Applies every planned command as the system and returns the events.
    fn apply(bank: &mut Bank, batches: Vec<SyncBatch>) -> Vec<Event> {
        batches
            .into_iter()
            .flat_map(|b| b.commands)
            .flat_map(|cmd| bank.exec(&Actor::System, cmd))
            .collect()
    }

    fn sync(bank: &mut Bank) -> Vec<Event> {
        let batches = plan(&bank.state);
        apply(bank, batches)
    }

    /// Replaces Anna's assistants, keeping her deputies.
    fn set_annas_assistants(bank: &mut Bank, assistants: &[&PersonId]) {
        let mut relationships = bank.state.deputies_of(&bank.anna);
        relationships.assistants = assistants
            .iter()
            .map(|a| Deputy::Agent((*a).clone()))
            .collect();
        bank.exec(
            &Actor::Admin,
            Command::WriteAgentDeputies {
                agent: bank.anna.clone(),
                relationships,
                source: DeputyWriteSource::WebApi,
            },
        );
    }

    fn participant<'a>(
        bank: &'a Bank,
        conversation: &ConversationId,
        person: &PersonId,
    ) -> Option<&'a Participant> {
        bank.state.conversations[conversation].participant(person)
    }

    fn in_vera_and_anna<'a>(bank: &'a Bank, person: &PersonId) -> Option<&'a Participant> {
        participant(bank, &bank.vera_and_anna, person)
    }

    fn offboarded_for_sync(events: &[Event], who: &PersonId) -> bool {
        events.iter().any(|e| {
            matches!(e, Event::ParticipantOffboarded { person, reason, .. }
                if person == who && *reason == OffboardingReason::AssistantSynchronization)
        })
    }

    fn conversation_assigned_to_anna(bank: &mut Bank, id: &str) -> ConversationId {
        bank.exec(
            &Actor::Admin,
            Command::CreateConversation {
                id: id.into(),
                account: bank.account.clone(),
                topic: None,
                visitor: None,
                assignee: Some(bank.anna.clone()),
                recipient: None,
                request: None,
            },
        );
        id.into()
    }

    #[test]
    fn assistants_are_added_to_conversations_the_agent_participates_in() {
        let mut bank = Bank::with_config(auto_sync_on());
        let nina = bank.agent("nina.assistant", None);
        let ben = bank.ben.clone();
        set_annas_assistants(&mut bank, &[&ben, &nina]);

        let batches = plan(&bank.state);
        assert_eq!(batches.len(), 1);
        assert_eq!(
            batches[0].commands,
            [Command::SyncAssistants {
                conversation: bank.vera_and_anna.clone(),
                assistants: vec![ben.clone(), nina.clone()],
                hidden: true,
            }]
        );
        apply(&mut bank, batches);

        for assistant in [&ben, &nina] {
            let p = in_vera_and_anna(&bank, assistant).unwrap();
            assert_eq!(p.participation_type, ParticipationType::SecondaryAgent);
            assert!(p.is_active() && p.auto_synced_assistant);
        }
        assert_eq!(
            bank.state.conversations[&bank.vera_and_anna].assignee(),
            Some(&bank.anna)
        );
    }

    #[test]
    fn auto_synced_assistants_join_hidden_by_default() {
        // The conversation started while the sync was off; turning it on brings Ben in.
        let mut bank = Bank::new();
        assert!(in_vera_and_anna(&bank, &bank.ben).is_none());
        bank.state.config.auto_sync_assigned_agent_assistants = true;

        sync(&mut bank);

        let ben = in_vera_and_anna(&bank, &bank.ben).unwrap();
        assert_eq!(ben.participation_type, ParticipationType::SecondaryAgent);
        assert!(ben.hidden && ben.auto_synced_assistant);
    }

    #[test]
    fn hide_auto_synced_assistants_false_makes_them_visible() {
        let mut bank = Bank::with_config(auto_sync_on());
        assert!(in_vera_and_anna(&bank, &bank.ben).unwrap().hidden);

        bank.state.config.hide_auto_synced_assistants = false;
        let events = sync(&mut bank);

        assert!(
            events
                .iter()
                .all(|e| matches!(e, Event::ParticipantVisibilityChanged { hidden: false, .. }))
        );
        let ben = in_vera_and_anna(&bank, &bank.ben).unwrap();
        assert!(!ben.hidden && ben.is_active());

        // And back: hiding them again is a configuration change like any other.
        bank.state.config.hide_auto_synced_assistants = true;
        sync(&mut bank);
        assert!(in_vera_and_anna(&bank, &bank.ben).unwrap().hidden);
    }

    #[test]
    fn a_removed_assistant_is_removed_with_reason_assistant_synchronization() {
        let mut bank = Bank::with_config(auto_sync_on());
        assert!(in_vera_and_anna(&bank, &bank.ben).is_some());

        set_annas_assistants(&mut bank, &[]);
        let events = sync(&mut bank);

        assert!(offboarded_for_sync(&events, &bank.ben));
        assert!(in_vera_and_anna(&bank, &bank.ben).is_none());
        assert_eq!(
            bank.state.conversations[&bank.vera_and_anna].assignee(),
            Some(&bank.anna)
        );
    }

    #[test]
    fn an_assistant_who_joined_on_their_own_is_never_removed_by_the_sync() {
        let mut bank = Bank::new();
        let ben = bank.ben.clone();
        bank.add_participant(&ben, ParticipationType::SecondaryAgent, false);
        bank.state.config.auto_sync_assigned_agent_assistants = true;

        // Ben is Anna's assistant, but already there on his own: nothing to adopt or re-hide.
        assert!(plan(&bank.state).is_empty());

        set_annas_assistants(&mut bank, &[]);
        assert!(plan(&bank.state).is_empty());
        bank.state.config.auto_sync_assigned_agent_assistants = false;
        assert!(plan(&bank.state).is_empty());

        let p = in_vera_and_anna(&bank, &ben).unwrap();
        assert!(p.is_active() && !p.hidden && !p.auto_synced_assistant);
    }

    #[test]
    fn changes_are_made_in_batches_of_batch_size() {
        let mut bank = Bank::with_config(Config {
            assistants_autosync_batch_size: 2,
            ..Config::default()
        });
        let mut ids: Vec<ConversationId> = ["c-1", "c-2", "c-3", "c-4"]
            .into_iter()
            .map(|id| conversation_assigned_to_anna(&mut bank, id))
            .collect();
        ids.push(bank.vera_and_anna.clone());
        bank.state.config.auto_sync_assigned_agent_assistants = true;

        let batches = plan(&bank.state);

        let sizes: Vec<usize> = batches.iter().map(|b| b.commands.len()).collect();
        assert_eq!(sizes, [2, 2, 1]);
        let planned: Vec<&ConversationId> = batches
            .iter()
            .flat_map(|b| &b.commands)
            .map(|c| match c {
                Command::SyncAssistants { conversation, .. } => conversation,
                other => panic!("unexpected command {other:?}"),
            })
            .collect();
        assert_eq!(planned, ids.iter().collect::<Vec<_>>(), "in id order");

        apply(&mut bank, batches);
        for id in &ids {
            assert!(participant(&bank, id, &bank.ben).is_some_and(|p| p.auto_synced_assistant));
        }
    }

    #[test]
    fn a_batch_size_of_zero_is_treated_as_one() {
        let mut bank = Bank::new();
        conversation_assigned_to_anna(&mut bank, "c-1");
        bank.state.config.auto_sync_assigned_agent_assistants = true;
        bank.state.config.assistants_autosync_batch_size = 0;

        let sizes: Vec<usize> = plan(&bank.state).iter().map(|b| b.commands.len()).collect();
        assert_eq!(sizes, [1, 1]);
    }

    #[test]
    fn a_synced_state_needs_no_batch() {
        assert!(
            plan(&Bank::new().state).is_empty(),
            "sync off, nothing added"
        );
        let mut bank = Bank::with_config(auto_sync_on());
        assert!(plan(&bank.state).is_empty(), "Ben joined with the assignee");

        let nina = bank.agent("nina.assistant", None);
        set_annas_assistants(&mut bank, &[&nina]);
        bank.state.config.hide_auto_synced_assistants = false;
        assert_eq!(plan(&bank.state).len(), 1);
        sync(&mut bank);

        assert!(plan(&bank.state).is_empty());
    }

    #[test]
    fn turning_auto_sync_off_removes_the_auto_synced_assistants() {
        let mut bank = Bank::with_config(auto_sync_on());
        let clara = bank.clara.clone();
        bank.add_participant(&clara, ParticipationType::SecondaryAgent, false);

        bank.state.config.auto_sync_assigned_agent_assistants = false;
        let events = sync(&mut bank);

        assert!(offboarded_for_sync(&events, &bank.ben));
        assert!(in_vera_and_anna(&bank, &bank.ben).is_none());
        assert!(in_vera_and_anna(&bank, &clara).is_some(), "not the sync's");
        assert!(in_vera_and_anna(&bank, &bank.anna).is_some());
        assert!(plan(&bank.state).is_empty());
    }

    #[test]
    fn ended_conversations_are_left_alone() {
        let mut bank = Bank::with_config(auto_sync_on());
        bank.exec(
            &Actor::Admin,
            Command::EndConversation {
                conversation: bank.vera_and_anna.clone(),
            },
        );
        let nina = bank.agent("nina.assistant", None);
        set_annas_assistants(&mut bank, &[&nina]);
        assert!(plan(&bank.state).is_empty());

        bank.state.config.auto_sync_assigned_agent_assistants = false;
        bank.state.config.hide_auto_synced_assistants = false;
        assert!(plan(&bank.state).is_empty());
    }

    #[test]
    fn an_auto_synced_assistant_who_became_assignee_is_not_removed_by_the_sync() {
        let mut bank = Bank::with_config(Config {
            hide_auto_synced_assistants: false,
            ..auto_sync_on()
        });
        let (ben, clara) = (bank.ben.clone(), bank.clara.clone());
        bank.exec(
            &Actor::Admin,
            Command::SetAssignee {
                conversation: bank.vera_and_anna.clone(),
                person: ben.clone(),
            },
        );
        assert!(plan(&bank.state).is_empty(), "Ben has no assistants");

        // Ben gets an assistant: the conversation is synced again, and Ben must stay.
        bank.exec(
            &Actor::Admin,
            Command::WriteAgentDeputies {
                agent: ben.clone(),
                relationships: crate::deputy::DeputyRelationships {
                    assistants: vec![Deputy::Agent(clara.clone())],
                    ..Default::default()
                },
                source: DeputyWriteSource::WebApi,
            },
        );
        let events = sync(&mut bank);

        assert!(!offboarded_for_sync(&events, &ben));
        let c = &bank.state.conversations[&bank.vera_and_anna];
        assert_eq!(c.assignee(), Some(&ben));
        assert!(
            c.participant(&clara)
                .is_some_and(|p| p.auto_synced_assistant)
        );
        assert!(plan(&bank.state).is_empty());
    }

    #[test]
    fn assistants_of_a_parent_organisation_are_synced_those_of_an_unrelated_one_are_not() {
        let mut bank = Bank::with_config(auto_sync_on());
        let other: AccountId = "other-bank".into();
        bank.exec(
            &Actor::Admin,
            Command::CreateAccount {
                id: other.clone(),
                name: "Other Bank".into(),
                parent: None,
            },
        );
        let mut person = bank.state.directory.persons[&bank.clara].clone();
        person.id = "outsider".into();
        person.username = Some("outsider".into());
        person.account = other;
        person.team = None;
        let outsider = person.id.clone();
        bank.exec(&Actor::Admin, Command::RegisterPerson { person });
        let (ben, eva) = (bank.ben.clone(), bank.eva.clone());
        // Written before accounts were kept apart (decide refuses an outsider now); the log
        // may still hold it.
        let mut relationships = bank.state.deputies_of(&bank.anna);
        relationships.assistants = [&ben, &eva, &outsider]
            .into_iter()
            .map(|a| Deputy::Agent(a.clone()))
            .collect();
        bank.state.apply(&Event::DeputiesWritten {
            agent: bank.anna.clone(),
            relationships,
        });

        // decide would refuse the whole command if it named the outsider.
        let batches = plan(&bank.state);
        assert!(matches!(
            &batches[0].commands[0],
            Command::SyncAssistants { assistants, .. } if assistants == &[ben, eva.clone()]
        ));
        apply(&mut bank, batches);
        assert!(in_vera_and_anna(&bank, &eva).is_some_and(|p| p.auto_synced_assistant));
        assert!(in_vera_and_anna(&bank, &outsider).is_none());
        assert!(plan(&bank.state).is_empty());
    }
}
