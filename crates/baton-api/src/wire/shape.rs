//! The machinery behind Unblu's JSON shape: `$_type` discriminators and other constant tags,
//! `oneOf` unions, and tolerance for the `null`s Unblu clients send.
//!
//! - [`Tag<T>`] is a zero-sized field that always serialises `T::TAG` and, on input, accepts
//!   the tag when present and refuses any other value. Every Unblu object carries one as
//!   `#[serde(rename = "$_type", default)] pub kind: Tag<Self>`.
//! - `one_of!` derives `Deserialize` for a union of tagged types: it dispatches on `$_type`
//!   (or, when that is absent, on the spec's discriminator such as `field` or `type`) and
//!   refuses unknown values instead of guessing.
//!
//! With the `openapi` feature the same machinery describes itself as JSON schema. A `Tag` is
//! `{"type": "string", "enum": [TAG]}` (`utoipa::PartialSchema`), and every tag field says
//! so and that it is required: `#[cfg_attr(feature = "openapi", schema(schema_with =
//! <Tag<Self> as utoipa::PartialSchema>::schema, required))]`. Without it the derive would
//! not compile (a generic field needs utoipa's hidden `ComposeSchema`, which would make a
//! `$ref` component of every `Tag<T>`), and `#[serde(default)]` would make the field
//! optional although Baton always writes it. A `one_of!` union is a `oneOf` of its variants
//! with the discriminator it dispatches on.
//!
//! With the `ts` feature every wire type also has a TypeScript declaration (`tsify::Tsify`).
//! A `Tag` field is declared as its literal, `#[cfg_attr(feature = "ts", tsify(type =
//! "\"ConversationData\""))]` (tsify cannot evaluate `T::TAG` and would print `Tag<Self>`);
//! a `one_of!` union derives `Tsify` from its `#[serde(untagged)]` serialisation (a union of
//! the variants).
//!
//! Only generic shape helpers live here; no type of a particular area does.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

/// A wire type with a constant tag: its `$_type` name, or the constant value of a
/// discriminating field (`"EQUALS"`, `"CONVERSATION_ID"`).
pub trait Tagged {
    /// The tag, exactly as Unblu's spec spells it.
    const TAG: &'static str;
}

/// A constant tag field: serialises `T::TAG`; deserialises only `T::TAG`.
///
/// Use it with `#[serde(default)]` so that input without the field is accepted too (Unblu's
/// own clients omit `$_type` at times), while a wrong value is still refused.
pub struct Tag<T>(PhantomData<fn() -> T>);

impl<T> Tag<T> {
    /// The tag (there is only one value).
    pub const fn new() -> Self {
        Self(PhantomData)
    }
}

// Manual impls: derives would demand `T: Clone`, `T: Default`... of the tagged type itself.
impl<T> Clone for Tag<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Tag<T> {}

impl<T> Default for Tag<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> PartialEq for Tag<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Tag<T> {}

impl<T> Hash for Tag<T> {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl<T: Tagged> fmt::Debug for Tag<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", T::TAG)
    }
}

impl<T: Tagged> Serialize for Tag<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(T::TAG)
    }
}

/// The tag's schema: a string whose only value is `T::TAG`.
#[cfg(feature = "openapi")]
impl<T: Tagged> utoipa::PartialSchema for Tag<T> {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some([T::TAG]))
            .into()
    }
}

impl<'de, T: Tagged> Deserialize<'de> for Tag<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TagVisitor(PhantomData))
    }
}

struct TagVisitor<T>(PhantomData<fn() -> T>);

impl<T: Tagged> Visitor<'_> for TagVisitor<T> {
    type Value = Tag<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the string {:?}", T::TAG)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Tag<T>, E> {
        if value == T::TAG {
            Ok(Tag::new())
        } else {
            Err(E::invalid_value(Unexpected::Str(value), &self))
        }
    }
}

/// Implements [`Tagged`] for wire types whose `$_type` is their own Rust name.
macro_rules! tagged {
    ($($ty:ident),+ $(,)?) => {$(
        impl $crate::wire::shape::Tagged for $ty {
            const TAG: &'static str = stringify!($ty);
        }
    )+};
}

/// Declares zero-sized markers for the constant value of a discriminating field other than
/// `$_type` (an operator's `type`, a search filter's `field`).
macro_rules! markers {
    ($($(#[$doc:meta])* $name:ident = $value:literal;)+) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $name;

        impl $crate::wire::shape::Tagged for $name {
            const TAG: &'static str = $value;
        }
    )+};
}

/// `Some(x)` for a macro argument that is present, `None` otherwise.
macro_rules! optional {
    () => {
        None
    };
    ($value:expr) => {
        Some($value)
    };
}

/// Derives `Deserialize` for an `untagged`-serialised enum of tagged newtype variants, i.e.
/// an Unblu `oneOf`. Dispatch is on `$_type`; with `by "key"` and a value per variant, input
/// without `$_type` is dispatched on that key instead (the spec's own discriminator).
///
/// With the `openapi` feature it also implements `utoipa::ToSchema`: a `oneOf` of references
/// to the variants, with a discriminator on `key` (value -> variant) when given, as in
/// Unblu's spec, or else on `$_type` (`TAG` -> variant).
///
/// ```text
/// one_of!(IdOperator by "type" { Equals(EqualsIdOperator) = "EQUALS", In(InIdOperator) = "IN" });
/// ```
macro_rules! one_of {
    ($name:ident $(by $key:literal)? { $($variant:ident($inner:ty) $(= $value:literal)?),+ $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                use $crate::wire::shape::Tagged as _;
                const KNOWN: &[&str] = &[$(<$inner>::TAG),+];
                let dispatch = $crate::wire::shape::Dispatch::read::<D>(
                    deserializer,
                    stringify!($name),
                    $crate::wire::shape::optional!($($key)?),
                    KNOWN,
                )?;
                $(
                    if dispatch.is(<$inner>::TAG, $crate::wire::shape::optional!($($value)?)) {
                        return dispatch.parse::<$inner, D::Error>().map($name::$variant);
                    }
                )+
                Err(dispatch.unknown())
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                use $crate::wire::shape::Tagged as _;
                $crate::wire::shape::one_of_schema(
                    $crate::wire::shape::optional!($($key)?),
                    &[$((
                        <$inner as ::utoipa::ToSchema>::name(),
                        <$inner>::TAG,
                        $crate::wire::shape::optional!($($value)?),
                    )),+],
                )
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::ToSchema for $name {
            fn name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }

            fn schemas(
                schemas: &mut Vec<(
                    String,
                    ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema>,
                )>,
            ) {
                $(
                    schemas.push((
                        <$inner as ::utoipa::ToSchema>::name().into_owned(),
                        <$inner as ::utoipa::PartialSchema>::schema(),
                    ));
                    <$inner as ::utoipa::ToSchema>::schemas(schemas);
                )+
            }
        }
    };
}

pub(crate) use {markers, one_of, optional, tagged};

/// A `oneOf` value read as JSON and the discriminator it will be dispatched on.
pub(crate) struct Dispatch {
    value: Value,
    union: &'static str,
    key: &'static str,
    discriminator: String,
    known: &'static [&'static str],
}

impl Dispatch {
    /// Reads the value and finds its `$_type`, or else its `fallback` discriminator.
    pub(crate) fn read<'de, D: Deserializer<'de>>(
        deserializer: D,
        union: &'static str,
        fallback: Option<&'static str>,
        known: &'static [&'static str],
    ) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let Value::Object(object) = &value else {
            return Err(de::Error::custom(format!("{union} must be a JSON object")));
        };
        let found = std::iter::once("$_type")
            .chain(fallback)
            .find_map(|key| object.get(key).map(|v| (key, v)));
        let Some((key, tag)) = found else {
            return Err(de::Error::custom(format!(
                "{union} needs `$_type` (one of {known:?})"
            )));
        };
        let Some(discriminator) = tag.as_str().map(str::to_owned) else {
            return Err(de::Error::custom(format!(
                "`{key}` of {union} must be a string"
            )));
        };
        Ok(Self {
            value,
            union,
            key,
            discriminator,
            known,
        })
    }

    /// Whether the value is the variant with this `$_type` (or this fallback value).
    pub(crate) fn is(&self, tag: &str, fallback: Option<&str>) -> bool {
        if self.key == "$_type" {
            self.discriminator == tag
        } else {
            fallback == Some(self.discriminator.as_str())
        }
    }

    /// Parses the whole value as the chosen variant (which checks its tags again).
    pub(crate) fn parse<T: de::DeserializeOwned, E: de::Error>(self) -> Result<T, E> {
        serde_json::from_value(self.value).map_err(E::custom)
    }

    /// The error for a discriminator no variant has.
    pub(crate) fn unknown<E: de::Error>(&self) -> E {
        E::custom(format!(
            "unsupported `{}` {:?} for {}: Baton accepts {:?}",
            self.key, self.discriminator, self.union, self.known
        ))
    }
}

/// The schema of a `one_of!` union: `oneOf` the variants (`(schema name, TAG, value of the
/// fallback key)`), discriminated on `key` when the union has one, else on `$_type`.
#[cfg(feature = "openapi")]
pub(crate) fn one_of_schema(
    key: Option<&str>,
    variants: &[(std::borrow::Cow<'static, str>, &str, Option<&str>)],
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{Discriminator, OneOfBuilder, Ref};

    let reference = |name: &str| Ref::from_schema_name(name).ref_location;
    let mapping = variants.iter().filter_map(|(name, tag, value)| match key {
        None => Some((*tag, reference(name))),
        Some(_) => value.map(|value| (value, reference(name))),
    });
    let discriminator = Discriminator::with_mapping(key.unwrap_or("$_type"), mapping);
    variants
        .iter()
        .fold(OneOfBuilder::new(), |one_of, (name, _, _)| {
            one_of.item(Ref::from_schema_name(name.as_ref()))
        })
        .discriminator(Some(discriminator))
        .into()
}

/// `deserialize_with` helper: `null` reads as the default, like an absent field. Unblu
/// clients send `null` for empty lists and unset flags.
pub(crate) fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Probe {
        #[serde(rename = "$_type", default)]
        kind: Tag<Self>,
        #[serde(default, deserialize_with = "nullable")]
        items: Vec<u8>,
    }
    tagged!(Probe);

    #[test]
    fn a_tag_serialises_its_constant_and_accepts_it_or_nothing() {
        let probe = Probe {
            kind: Tag::new(),
            items: vec![1],
        };
        assert_eq!(
            serde_json::to_string(&probe).unwrap(),
            r#"{"$_type":"Probe","items":[1]}"#
        );
        let parsed: Probe = serde_json::from_str(r#"{"$_type":"Probe","items":[1]}"#).unwrap();
        assert_eq!(parsed, probe);
        let untagged: Probe = serde_json::from_str(r#"{"items":[1]}"#).unwrap();
        assert_eq!(untagged, probe);
    }

    #[test]
    fn a_wrong_tag_is_refused() {
        let err = serde_json::from_str::<Probe>(r#"{"$_type":"Other"}"#).unwrap_err();
        assert!(
            err.to_string().contains(r#"expected the string "Probe""#),
            "{err}"
        );
        assert!(serde_json::from_str::<Probe>(r#"{"$_type":null}"#).is_err());
    }

    #[test]
    fn null_reads_as_the_default() {
        let parsed: Probe = serde_json::from_str(r#"{"items":null}"#).unwrap();
        assert!(parsed.items.is_empty());
    }
}
