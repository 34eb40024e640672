//! Search building blocks shared by every `.../search` body: the sort order and the operators
//! Unblu uses in its search filters (`IdOperator`, `StringOperator`), with their matching
//! rules.
//!
//! Baton supports the operators listed here; any other operator `$_type` (e.g.
//! `NotEqualsIdOperator`) is refused at deserialisation instead of being ignored. The
//! filters themselves, which name a field, live with the entity they search.

use serde::{Deserialize, Serialize};

use crate::wire::shape::{Tag, markers, nullable, one_of, tagged};

/// Unblu's `Order`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Order {
    /// Smallest first.
    Ascending,
    /// Largest first.
    Descending,
}

markers! {
    /// The operator `type` `"EQUALS"`.
    OpEquals = "EQUALS";
    /// The operator `type` `"IN"`.
    OpIn = "IN";
    /// The operator `type` `"CONTAINS"`.
    OpContains = "CONTAINS";
}

/// Unblu's `EqualsIdOperator`: the id equals `value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EqualsIdOperator {
    /// `$_type`: `"EqualsIdOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    pub kind: Tag<Self>,
    /// `type`: `"EQUALS"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpEquals> as utoipa::PartialSchema>::schema, required))]
    pub operator_type: Tag<OpEquals>,
    /// The id to compare with.
    pub value: String,
}

/// Unblu's `InIdOperator`: the id is one of `values`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InIdOperator {
    /// `$_type`: `"InIdOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    pub kind: Tag<Self>,
    /// `type`: `"IN"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpIn> as utoipa::PartialSchema>::schema, required))]
    pub operator_type: Tag<OpIn>,
    /// The ids to compare with.
    #[serde(default, deserialize_with = "nullable")]
    pub values: Vec<String>,
}

/// Unblu's `IdOperator` (the `EQUALS` and `IN` kinds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum IdOperator {
    /// Equal to one id.
    Equals(EqualsIdOperator),
    /// One of several ids.
    In(InIdOperator),
}

impl IdOperator {
    /// `id = value`.
    pub fn equals(value: impl Into<String>) -> Self {
        Self::Equals(EqualsIdOperator {
            kind: Tag::new(),
            operator_type: Tag::new(),
            value: value.into(),
        })
    }

    /// `id IN values`.
    pub fn one_of(values: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self::In(InIdOperator {
            kind: Tag::new(),
            operator_type: Tag::new(),
            values: values.into_iter().map(Into::into).collect(),
        })
    }

    /// Whether `id` satisfies the operator; an absent id satisfies none.
    pub fn matches(&self, id: Option<&str>) -> bool {
        let Some(id) = id else { return false };
        match self {
            Self::Equals(op) => op.value == id,
            Self::In(op) => op.values.iter().any(|v| v == id),
        }
    }
}

one_of!(IdOperator by "type" {
    Equals(EqualsIdOperator) = "EQUALS",
    In(InIdOperator) = "IN",
});

/// Unblu's `EqualsStringOperator`: the text equals `value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EqualsStringOperator {
    /// `$_type`: `"EqualsStringOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    pub kind: Tag<Self>,
    /// `type`: `"EQUALS"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpEquals> as utoipa::PartialSchema>::schema, required))]
    pub operator_type: Tag<OpEquals>,
    /// The text to compare with.
    pub value: String,
}

/// Unblu's `ContainsStringOperator`: the text contains `value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ContainsStringOperator {
    /// `$_type`: `"ContainsStringOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    pub kind: Tag<Self>,
    /// `type`: `"CONTAINS"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpContains> as utoipa::PartialSchema>::schema, required))]
    pub operator_type: Tag<OpContains>,
    /// The text to look for.
    pub value: String,
    /// Case-sensitive search; Unblu's default is not.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub case_sensitive: Option<bool>,
}

/// Unblu's `StringOperator` (the `EQUALS` and `CONTAINS` kinds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum StringOperator {
    /// Equal to a text.
    Equals(EqualsStringOperator),
    /// Containing a text.
    Contains(ContainsStringOperator),
}

impl StringOperator {
    /// Whether `text` satisfies the operator; an absent text satisfies none.
    pub fn matches(&self, text: Option<&str>) -> bool {
        let Some(text) = text else { return false };
        match self {
            Self::Equals(op) => op.value == text,
            Self::Contains(op) if op.case_sensitive == Some(true) => text.contains(&op.value),
            Self::Contains(op) => text.to_lowercase().contains(&op.value.to_lowercase()),
        }
    }
}

one_of!(StringOperator by "type" {
    Equals(EqualsStringOperator) = "EQUALS",
    Contains(ContainsStringOperator) = "CONTAINS",
});

tagged!(
    EqualsIdOperator,
    InIdOperator,
    EqualsStringOperator,
    ContainsStringOperator
);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn id_operators_round_trip_in_unblus_shape() {
        let eq = IdOperator::equals("c1");
        assert_eq!(
            serde_json::to_value(&eq).unwrap(),
            json!({"$_type": "EqualsIdOperator", "type": "EQUALS", "value": "c1"})
        );
        let input = json!({"$_type": "InIdOperator", "type": "IN", "values": ["a", "b"]});
        let parsed: IdOperator = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(parsed, IdOperator::one_of(["a", "b"]));
        assert_eq!(serde_json::to_value(&parsed).unwrap(), input);
    }

    #[test]
    fn an_operator_without_type_tag_is_dispatched_on_the_spec_discriminator() {
        let parsed: IdOperator =
            serde_json::from_value(json!({"type": "EQUALS", "value": "x"})).unwrap();
        assert_eq!(parsed, IdOperator::equals("x"));
    }

    #[test]
    fn unsupported_or_inconsistent_operators_are_refused() {
        for input in [
            json!({"$_type": "NotEqualsIdOperator", "type": "NOT_EQUALS", "value": "x"}),
            json!({"type": "STARTS_WITH", "value": "x"}),
            json!({"$_type": "EqualsIdOperator", "type": "IN", "value": "x"}),
            json!({"value": "x"}),
            json!("EQUALS"),
        ] {
            assert!(
                serde_json::from_value::<IdOperator>(input.clone()).is_err(),
                "{input}"
            );
        }
        let err = serde_json::from_value::<IdOperator>(json!({"$_type": "StartsWithIdOperator"}))
            .unwrap_err();
        assert!(err.to_string().contains("StartsWithIdOperator"), "{err}");
    }

    #[test]
    fn operators_match_as_unblu_describes() {
        assert!(IdOperator::one_of(["a", "b"]).matches(Some("b")));
        assert!(!IdOperator::equals("a").matches(None));
        let contains: StringOperator = serde_json::from_value(
            json!({"$_type": "ContainsStringOperator", "type": "CONTAINS", "value": "bank"}),
        )
        .unwrap();
        assert!(contains.matches(Some("Private Banking")));
        let sensitive: StringOperator = serde_json::from_value(
            json!({"type": "CONTAINS", "value": "bank", "caseSensitive": true}),
        )
        .unwrap();
        assert!(!sensitive.matches(Some("Private Banking")));
        let equals: StringOperator =
            serde_json::from_value(json!({"type": "EQUALS", "value": "Advisory"})).unwrap();
        assert!(equals.matches(Some("Advisory")) && !equals.matches(Some("advisory")));
    }

    #[test]
    fn order_uses_unblus_names() {
        assert_eq!(
            serde_json::to_value([Order::Ascending, Order::Descending]).unwrap(),
            json!(["ASCENDING", "DESCENDING"])
        );
    }
}
