//! The texts of the deputies editor's preview of who is asked when
//! (`com.baton.agent.preview.*`), in English, German, French and Italian. Only the desk reads
//! them (`GET /baton/v1/texts?ui=agent`); the key type and the checks are `mod.rs`'s.

/// Adds these texts to those already collected (after the `;`) and hands them on to the next
/// macro named, like `desk_texts!`.
macro_rules! preview_texts {
    ($next:ident $(, $rest:ident)*; $($texts:tt)*) => {
        $next! { $($rest),*; $($texts)*
        }
    };
}

pub(super) use preview_texts;
