//! The texts of the desk's hand-off history view (`com.baton.agent.history.*`): its heading, the
//! words of each step, copy and download, in English, German, French and Italian. Only the desk reads
//! them (`GET /baton/v1/texts?ui=agent`); the key type and the checks are `mod.rs`'s.

/// Adds these texts to those already collected (after the `;`) and hands them on to the next
/// macro named, like `desk_texts!`.
macro_rules! history_texts {
    ($next:ident $(, $rest:ident)*; $($texts:tt)*) => {
        $next! { $($rest),*; $($texts)*
        }
    };
}

pub(super) use history_texts;
