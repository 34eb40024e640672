//! Search building blocks shared by every `.../search` body: the sort order and the operators
//! Unblu uses in its search filters (`IdOperator`, `IdListOperator`, `StringOperator`), with
//! their matching rules, and the sorting and paging every search applies to its result.
//!
//! Baton supports the operators listed here; any other operator `$_type` (e.g.
//! `NotEqualsIdOperator`) is refused at deserialisation instead of being ignored. The
//! filters themselves, which name a field, live with the entity they search.

use baton_core::Timestamp;
use serde::{Deserialize, Serialize};

use crate::wire::shape::{Tag, markers, nullable, one_of, tagged};

/// Unblu's `Order`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
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
    /// The operator `type` `"ALL_OF"`.
    OpAllOf = "ALL_OF";
    /// The operator `type` `"ANY_OF"`.
    OpAnyOf = "ANY_OF";
    /// The operator `type` `"ALL_EQUAL"`.
    OpAllEqual = "ALL_EQUAL";
}

/// Unblu's `EqualsIdOperator`: the id equals `value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct EqualsIdOperator {
    /// `$_type`: `"EqualsIdOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"EqualsIdOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"EQUALS"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpEquals> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"EQUALS\""))]
    pub operator_type: Tag<OpEquals>,
    /// The id to compare with.
    pub value: String,
}

/// Unblu's `InIdOperator`: the id is one of `values`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct InIdOperator {
    /// `$_type`: `"InIdOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"InIdOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"IN"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpIn> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"IN\""))]
    pub operator_type: Tag<OpIn>,
    /// The ids to compare with.
    #[serde(default, deserialize_with = "nullable")]
    pub values: Vec<String>,
}

/// Unblu's `IdOperator` (the `EQUALS` and `IN` kinds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
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
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
pub struct EqualsStringOperator {
    /// `$_type`: `"EqualsStringOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"EqualsStringOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"EQUALS"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpEquals> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"EQUALS\""))]
    pub operator_type: Tag<OpEquals>,
    /// The text to compare with.
    pub value: String,
}

/// Unblu's `ContainsStringOperator`: the text contains `value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ContainsStringOperator {
    /// `$_type`: `"ContainsStringOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ContainsStringOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"CONTAINS"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpContains> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"CONTAINS\""))]
    pub operator_type: Tag<OpContains>,
    /// The text to look for.
    pub value: String,
    /// Case-sensitive search; Unblu's default is not.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub case_sensitive: Option<bool>,
}

/// Unblu's `StringOperator` (the `EQUALS` and `CONTAINS` kinds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
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

/// Unblu's `AllOfIdListOperator`: every value is in the list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllOfIdListOperator {
    /// `$_type`: `"AllOfIdListOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"AllOfIdListOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"ALL_OF"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpAllOf> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ALL_OF\""))]
    pub operator_type: Tag<OpAllOf>,
    /// The ids that must all be present.
    #[serde(default, deserialize_with = "nullable")]
    pub values: Vec<String>,
}

/// Unblu's `AnyOfIdListOperator`: at least one value is in the list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnyOfIdListOperator {
    /// `$_type`: `"AnyOfIdListOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"AnyOfIdListOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"ANY_OF"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpAnyOf> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ANY_OF\""))]
    pub operator_type: Tag<OpAnyOf>,
    /// The ids of which one must be present.
    #[serde(default, deserialize_with = "nullable")]
    pub values: Vec<String>,
}

/// Unblu's `AllEqualIdListOperator`: the list holds exactly these values.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllEqualIdListOperator {
    /// `$_type`: `"AllEqualIdListOperator"`.
    #[serde(rename = "$_type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<Self> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"AllEqualIdListOperator\""))]
    pub kind: Tag<Self>,
    /// `type`: `"ALL_EQUAL"`.
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = <Tag<OpAllEqual> as utoipa::PartialSchema>::schema, required))]
    #[cfg_attr(feature = "ts", tsify(type = "\"ALL_EQUAL\""))]
    pub operator_type: Tag<OpAllEqual>,
    /// The ids the list must consist of.
    #[serde(default, deserialize_with = "nullable")]
    pub values: Vec<String>,
}

/// Unblu's `IdListOperator`: a condition on a list of ids (e.g. a conversation's
/// participants).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum IdListOperator {
    /// Contains every value.
    AllOf(AllOfIdListOperator),
    /// Contains at least one value.
    AnyOf(AnyOfIdListOperator),
    /// Consists of exactly the values (in any order).
    AllEqual(AllEqualIdListOperator),
}

impl IdListOperator {
    /// Whether the list `ids` satisfies the operator.
    pub fn matches(&self, ids: &[&str]) -> bool {
        let has = |v: &String| ids.contains(&v.as_str());
        match self {
            Self::AllOf(op) => op.values.iter().all(has),
            Self::AnyOf(op) => op.values.iter().any(has),
            Self::AllEqual(op) => {
                op.values.iter().all(has) && ids.iter().all(|id| op.values.iter().any(|v| v == id))
            }
        }
    }
}

one_of!(IdListOperator by "type" {
    AllOf(AllOfIdListOperator) = "ALL_OF",
    AnyOf(AnyOfIdListOperator) = "ANY_OF",
    AllEqual(AllEqualIdListOperator) = "ALL_EQUAL",
});

tagged!(
    EqualsIdOperator,
    InIdOperator,
    EqualsStringOperator,
    ContainsStringOperator,
    AllOfIdListOperator,
    AnyOfIdListOperator,
    AllEqualIdListOperator,
);

/// The value a search result is sorted by for one `orderBy` field. Absent values sort first
/// (ascending), as SQL's `NULLS FIRST` would.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    /// A point in time.
    Time(Option<Timestamp>),
    /// A text or an id.
    Text(Option<String>),
}

/// A sort key in the direction its criterion asks for.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Directed {
    Ascending(SortKey),
    Descending(std::cmp::Reverse<SortKey>),
}

/// Sorts `items` by `criteria`, most significant first; `key` gives an item's key for one
/// criterion. The sort is stable: items equal on every criterion keep their order.
pub fn sort_by_criteria<T, F: Copy>(
    items: &mut [T],
    criteria: &[(F, Order)],
    key: impl Fn(&T, F) -> SortKey,
) {
    if criteria.is_empty() {
        return;
    }
    items.sort_by_cached_key(|item| {
        criteria
            .iter()
            .map(|&(field, order)| match order {
                Order::Ascending => Directed::Ascending(key(item, field)),
                Order::Descending => Directed::Descending(std::cmp::Reverse(key(item, field))),
            })
            .collect::<Vec<_>>()
    });
}

/// Items per page when a search names no `limit` (or a limit of 0).
pub const DEFAULT_LIMIT: u32 = 100;
/// The most items one page holds, whatever `limit` says.
pub const MAX_LIMIT: u32 = 1_000;

/// One page of a search result: what `...Result` bodies carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// The items of the page.
    pub items: Vec<T>,
    /// More items exist after these.
    pub has_more_items: bool,
    /// The offset of the next page, when there is one.
    pub next_offset: Option<u32>,
}

impl<T> Page<T> {
    /// The page of `items` (the whole, sorted result) starting at `offset` with at most
    /// `limit` items (see [`DEFAULT_LIMIT`] and [`MAX_LIMIT`]).
    pub fn of(items: Vec<T>, offset: Option<u32>, limit: Option<u32>) -> Self {
        let offset = offset.unwrap_or(0);
        let limit = limit
            .filter(|l| *l > 0)
            .unwrap_or(DEFAULT_LIMIT)
            .min(MAX_LIMIT);
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let total = items.len();
        let items: Vec<T> = items
            .into_iter()
            .skip(start)
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect();
        let end = start.saturating_add(items.len());
        let has_more_items = end < total;
        Self {
            next_offset: has_more_items.then(|| u32::try_from(end).ok()).flatten(),
            has_more_items,
            items,
        }
    }

    /// The same page with each item turned into something else (e.g. its wire view).
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            has_more_items: self.has_more_items,
            next_offset: self.next_offset,
        }
    }
}

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
    fn id_list_operators_match_as_unblu_describes() {
        let list = ["anna", "vera"];
        let op = |json: serde_json::Value| serde_json::from_value::<IdListOperator>(json).unwrap();
        assert!(op(json!({"type": "ALL_OF", "values": ["vera"]})).matches(&list));
        assert!(!op(json!({"type": "ALL_OF", "values": ["vera", "ben"]})).matches(&list));
        assert!(op(json!({"type": "ANY_OF", "values": ["ben", "anna"]})).matches(&list));
        assert!(!op(json!({"type": "ANY_OF", "values": ["ben"]})).matches(&list));
        assert!(op(json!({"type": "ALL_EQUAL", "values": ["vera", "anna"]})).matches(&list));
        assert!(!op(json!({"type": "ALL_EQUAL", "values": ["vera"]})).matches(&list));
        let any_of = json!({"$_type": "AnyOfIdListOperator", "type": "ANY_OF", "values": ["a"]});
        assert_eq!(serde_json::to_value(op(any_of.clone())).unwrap(), any_of);
        assert!(serde_json::from_value::<IdListOperator>(json!({"type": "NONE_OF"})).is_err());
    }

    #[test]
    fn results_sort_by_every_criterion_in_its_direction() {
        let mut items = vec![("b", 1), ("a", 2), ("a", 1), ("c", 2)];
        let key = |item: &(&str, i64), field: u8| match field {
            0 => SortKey::Text(Some(item.0.to_owned())),
            _ => SortKey::Time(Some(Timestamp(item.1))),
        };
        sort_by_criteria(
            &mut items,
            &[(1, Order::Descending), (0, Order::Ascending)],
            key,
        );
        assert_eq!(items, [("a", 2), ("c", 2), ("a", 1), ("b", 1)]);
        sort_by_criteria(&mut items, &[], key);
        assert_eq!(items, [("a", 2), ("c", 2), ("a", 1), ("b", 1)]);
        assert!(SortKey::Text(None) < SortKey::Text(Some(String::new())));
    }

    #[test]
    fn pages_say_whether_more_items_follow() {
        let page = Page::of((0..5).collect(), Some(1), Some(2));
        assert_eq!(page.items, [1, 2]);
        assert!(page.has_more_items);
        assert_eq!(page.next_offset, Some(3));
        let last = Page::of((0..5).collect(), Some(3), Some(2));
        assert_eq!(
            (last.items, last.has_more_items, last.next_offset),
            (vec![3, 4], false, None)
        );
        let beyond = Page::of((0..5).collect::<Vec<i32>>(), Some(9), None);
        assert!(beyond.items.is_empty() && !beyond.has_more_items);
        let default = Page::of((0..150).collect::<Vec<i32>>(), None, Some(0));
        assert_eq!(default.items.len(), DEFAULT_LIMIT as usize);
        assert_eq!(default.map(|i| i * 2).items[1], 2);
    }

    #[test]
    fn order_uses_unblus_names() {
        assert_eq!(
            serde_json::to_value([Order::Ascending, Order::Descending]).unwrap(),
            json!(["ASCENDING", "DESCENDING"])
        );
    }
}
