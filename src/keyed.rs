//! Maps and sets keyed by ids, as vectors kept sorted and searched by halves. They hold tens to
//! a thousand entries (people on screen, chats looked up, the parts of a batch), where a binary
//! search is about as quick as hashing, and each key and value type costs a few hundred bytes of
//! wasm rather than a hash table's few kilobytes.

use std::borrow::Borrow;

/// A map; a key is there at most once, and the entries are in key order.
#[derive(Clone, Debug, PartialEq)]
pub struct Map<K, V>(Vec<(K, V)>);

impl<K, V> Default for Map<K, V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<K, V> Map<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(key, value)| (key, value))
    }

    /// The keys.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(key, _)| key)
    }

    /// The keys, taken.
    pub fn into_keys(self) -> impl Iterator<Item = K> {
        self.0.into_iter().map(|(key, _)| key)
    }

    /// Keeps the entries `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.0.retain_mut(|(key, value)| keep(key, value));
    }
}

impl<K, V> Map<K, V> {
    /// Where `key` is, or where it would go.
    fn search<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    fn index<Q: Ord + ?Sized>(&self, key: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
    {
        self.search(key).ok()
    }

    /// The value of `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.index(key).map(|at| &self.0[at].1)
    }

    /// Whether `key` is there.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.index(key).is_some()
    }

    /// Takes `key` out, with its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.index(key).map(|at| self.0.remove(at).1)
    }
}

impl<K: Ord, V> Map<K, V> {
    /// Sets `key` to `value`; the value it had, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.search(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, value)),
            Err(at) => {
                self.0.insert(at, (key, value));
                None
            }
        }
    }
}

impl<K: Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for Map<K, V> {
    type Output = V;
    /// The value of `key`, which must be there.
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("the key is in the map")
    }
}

impl<K: Ord, V> Extend<(K, V)> for Map<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        for (key, value) in entries {
            self.insert(key, value);
        }
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Map<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = Self::new();
        map.extend(entries);
        map
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for Map<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K, V> IntoIterator for Map<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a Map<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(key, value)| (key, value))
    }
}

/// A set; a key is there at most once.
#[derive(Clone, Debug, PartialEq)]
pub struct Set<K>(Map<K, ()>);

impl<K> Default for Set<K> {
    fn default() -> Self {
        Self(Map::default())
    }
}

impl<K: Ord> Set<K> {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `key`; true when it was not there yet.
    pub fn insert(&mut self, key: K) -> bool {
        self.0.insert(key, ()).is_none()
    }

    /// Whether `key` is there.
    pub fn contains<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.0.contains_key(key)
    }

    /// Takes `key` out; true when it was there.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.0.remove(key).is_some()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Ord> FromIterator<K> for Set<K> {
    fn from_iter<I: IntoIterator<Item = K>>(keys: I) -> Self {
        Self(keys.into_iter().map(|key| (key, ())).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::{Map, Set};

    #[test]
    fn a_map_answers_like_a_hash_map() {
        let mut map: Map<String, u32> = Map::from([("a".to_owned(), 1), ("b".to_owned(), 2)]);
        assert_eq!(map.get("a"), Some(&1));
        assert_eq!(
            map.insert("a".into(), 3),
            Some(1),
            "a second insert replaces"
        );
        assert_eq!((map.get("a"), map.len()), (Some(&3), 2));
        assert_eq!(map.remove("b"), Some(2));
        assert_eq!(map.remove("b"), None);
        assert!(!map.contains_key("b") && map.contains_key("a"));
        map.extend([("c".to_owned(), 4), ("a".to_owned(), 5)]);
        assert_eq!(
            (map.get("a"), map.get("c"), map.len()),
            (Some(&5), Some(&4), 2)
        );
        map.retain(|key, _| key != "c");
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a"]);
        let sorted: Map<&str, u32> = Map::from([("c", 1), ("a", 2), ("b", 3), ("a", 4)]);
        assert_eq!(sorted.keys().copied().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(sorted.get("a"), Some(&4), "the last of a repeated key wins");
    }

    #[test]
    fn a_set_answers_like_a_hash_set() {
        let mut set: Set<String> = ["b", "a", "b"].into_iter().map(String::from).collect();
        assert!(set.contains("a") && set.contains("b") && !set.contains("c"));
        assert!(
            !set.insert("a".into()),
            "a second insert reports the key was there"
        );
        assert!(set.insert("c".into()));
        assert!(set.remove("a") && !set.remove("a"));
        assert!(!set.contains("a") && !set.is_empty());
    }
}
