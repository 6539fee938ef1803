//! `PATCH` semantics: a field that is absent stays as it is, `null` clears it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field of a PATCH body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Patch<T> {
    /// Not sent: keep the stored value.
    #[default]
    Keep,
    /// Sent as `null`: clear the stored value.
    Clear,
    /// Sent with a value: store it.
    Set(T),
}

impl<T> Patch<T> {
    pub fn is_keep(&self) -> bool {
        matches!(self, Patch::Keep)
    }

    /// Applies the patch to an optional stored value.
    pub fn apply_to(self, current: Option<T>) -> Option<T> {
        match self {
            Patch::Keep => current,
            Patch::Clear => None,
            Patch::Set(v) => Some(v),
        }
    }

    pub fn as_ref(&self) -> Patch<&T> {
        match self {
            Patch::Keep => Patch::Keep,
            Patch::Clear => Patch::Clear,
            Patch::Set(v) => Patch::Set(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Only called when the field is present; `#[serde(default)]` gives `Keep`.
        Ok(match Option::<T>::deserialize(d)? {
            None => Patch::Clear,
            Some(v) => Patch::Set(v),
        })
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Keep | Patch::Clear => s.serialize_none(),
            Patch::Set(v) => v.serialize(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Body {
        #[serde(default)]
        slogan: Patch<String>,
    }

    #[test]
    fn absent_null_and_value_are_told_apart() {
        let absent: Body = serde_json::from_str("{}").unwrap();
        let null: Body = serde_json::from_str(r#"{"slogan":null}"#).unwrap();
        let set: Body = serde_json::from_str(r#"{"slogan":"x"}"#).unwrap();
        assert_eq!(absent.slogan, Patch::Keep);
        assert_eq!(null.slogan, Patch::Clear);
        assert_eq!(set.slogan, Patch::Set("x".to_string()));
        assert_eq!(Patch::Keep.apply_to(Some(1)), Some(1));
        assert_eq!(Patch::<i32>::Clear.apply_to(Some(1)), None);
        assert_eq!(Patch::Set(2).apply_to(Some(1)), Some(2));
    }
}
