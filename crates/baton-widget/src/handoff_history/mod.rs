//! The desk's hand-off history of the open conversation.
